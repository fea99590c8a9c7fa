// shoukaku 4.x against lavalink-gst: connect, load, play with a fake voice state (the voice test server), filters, seek,
// pause, playerUpdate, TrackEnd finished, resume after the socket drops, destroy.
'use strict';
const assert = require('node:assert/strict');
const { Shoukaku, Connector } = require('shoukaku');
const { waitFor } = require('./env.js');

const BOT_ID = '170939974227541168';
let voiceEndpoint = '';  // the voice test server, set by the scenario

// Plays Discord's part: a voice-state request gets VOICE_STATE_UPDATE + VOICE_SERVER_UPDATE.
class FakeDiscord extends Connector {
  getId() { return BOT_ID; }
  listen(nodes) { setImmediate(() => this.ready(nodes)); }
  sendPacket(_shard, payload) {
    const d = payload.d;
    if (payload.op !== 4 || !d.channel_id) return;
    setImmediate(() => {
      this.raw({ t: 'VOICE_STATE_UPDATE', d: { guild_id: d.guild_id, user_id: BOT_ID,
        session_id: 'fake-voice-session', channel_id: d.channel_id, self_deaf: false, self_mute: false } });
      this.raw({ t: 'VOICE_SERVER_UPDATE', d: { guild_id: d.guild_id, token: 'fake-token',
        endpoint: voiceEndpoint } });
    });
  }
}

module.exports = async function shoukakuScenario(env) {
  voiceEndpoint = env.voiceEndpoint;
  const shoukaku = new Shoukaku(new FakeDiscord({}),
    [{ name: 'gst', url: `127.0.0.1:${env.port}`, auth: env.password }],
    { resume: true, resumeTimeout: 30, reconnectTries: 5, reconnectInterval: 1 });
  shoukaku.on('error', (_name, error) => console.error('shoukaku error:', error));
  await waitFor(shoukaku, 'ready');
  const node = shoukaku.nodes.get('gst');

  const info = await node.rest.getLavalinkInfo();
  assert.equal(info.version.major, 4);
  const result = await node.rest.resolve(env.toneUrl);
  assert.equal(result.loadType, 'track');
  assert.equal(result.data.info.title, 'Harness-Tone');
  assert.ok(Math.abs(result.data.info.length - 4000) < 50, `length ${result.data.info.length}`);
  const decoded = await node.rest.decode(result.data.encoded);
  assert.equal(decoded.info.uri, env.toneUrl);

  const player = await shoukaku.joinVoiceChannel({ guildId: '1001', channelId: '2002', shardId: 0 });
  const started = waitFor(player, 'start');
  await player.playTrack({ track: { encoded: result.data.encoded, userData: { from: 'shoukaku' } } });
  const [start] = await started;
  assert.equal(start.track.info.title, 'Harness-Tone');
  assert.deepEqual(start.track.userData, { from: 'shoukaku' });

  await player.setFilters({ volume: 0.8, equalizer: [{ band: 0, gain: 0.2 }] });
  let remote = await node.rest.getPlayer('1001');
  assert.equal(remote.filters.volume, 0.8);
  await player.setGlobalVolume(80);

  const [u1] = await waitFor(player, 'update');
  const [u2] = await waitFor(player, 'update', (u) => u.state.position > u1.state.position);
  assert.ok(u2.state.position > u1.state.position);

  await player.setPaused(true);
  remote = await node.rest.getPlayer('1001');
  assert.equal(remote.paused, true);
  await player.seekTo(2500);

  // Drop the socket: shoukaku reconnects with Session-Id and the player is still there.
  const resumed = waitFor(shoukaku, 'ready', (_name, reconnected) => reconnected === true, 20000);
  node.ws.terminate();
  await resumed;
  const players = await node.rest.getPlayers();
  assert.equal(players.length, 1);

  // Unpaused only now: a TrackEnd sent into the dying socket before the node notices would be lost.
  const ended = waitFor(player, 'end', () => true, 15000);
  await player.setPaused(false);
  const [end] = await ended;
  assert.equal(end.reason, 'finished');
  assert.equal(end.track.info.title, 'Harness-Tone');

  await shoukaku.leaveVoiceChannel('1001');
  const stats = await node.rest.stats();
  assert.equal(stats.players, 0);
  shoukaku.removeNode('gst', 'done');
  console.log('shoukaku: ok');
};
