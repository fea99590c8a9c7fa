// lavalink-client 2.x against lavalink-gst: connect, search an http URL, play with a fake voice
// state (pointing at the voice test server), filters, seek, pause, playerUpdate, trackEnd finished, destroy.
'use strict';
const assert = require('node:assert/strict');
const { LavalinkManager } = require('lavalink-client');
const { waitFor } = require('./env.js');

const BOT = { id: '170939974227541169', username: 'harness' };

module.exports = async function lavalinkClientScenario(env) {
  let manager;
  manager = new LavalinkManager({
    nodes: [{ id: 'gst', host: '127.0.0.1', port: env.port, authorization: env.password,
      retryAmount: 3, retryDelay: 500,
      autoChecks: { pluginValidations: false, sourcesValidations: false } }],
    client: BOT,
    autoSkip: false,
    sendToShard: (guildId, payload) => {
      const d = payload.d;
      if (payload.op !== 4 || !d.channel_id) return;
      setImmediate(() => {
        manager.sendRawData({ t: 'VOICE_STATE_UPDATE', d: { guild_id: guildId, user_id: BOT.id,
          session_id: 'fake-voice-session', channel_id: d.channel_id } });
        manager.sendRawData({ t: 'VOICE_SERVER_UPDATE', d: { guild_id: guildId, token: 'fake-token',
          endpoint: env.voiceEndpoint } });
      });
    },
  });
  manager.nodeManager.on('error', (node, error) => console.error('lavalink-client error:', error));
  const connected = waitFor(manager.nodeManager, 'connect');
  await manager.init(BOT);
  await connected;
  // `connect` fires on the socket's open; the session id arrives with `ready` just after.
  const node = manager.nodeManager.nodes.get('gst');
  for (let i = 0; i < 200 && !node.sessionId; ++i) await new Promise((r) => setTimeout(r, 10));
  assert.equal(node.sessionId.length, 16);

  const player = manager.createPlayer({ guildId: '3003', voiceChannelId: '4004', textChannelId: '5005' });
  await player.connect();
  const result = await player.search({ query: env.toneUrl }, 'requester');
  assert.equal(result.loadType, 'track');
  assert.equal(result.tracks.length, 1);
  assert.equal(result.tracks[0].info.title, 'Harness-Tone');
  await player.queue.add(result.tracks[0]);

  const started = waitFor(manager, 'trackStart');
  await player.play({ paused: false });
  const [, startTrack] = await started;
  assert.equal(startTrack.info.title, 'Harness-Tone');

  await player.filterManager.setVolume(0.5);
  await player.setVolume(90);
  const remote = await env.rest('GET', `/v4/sessions/${player.node.sessionId}/players/3003`);
  assert.equal(remote.status, 200);
  assert.equal(remote.json.filters.volume, 0.5);

  const [, first] = await waitFor(manager, 'playerUpdate');
  const p1 = first.lastPosition;
  await waitFor(manager, 'playerUpdate', (_old, p) => p.lastPosition > p1);

  await player.pause();
  assert.equal(player.paused, true);
  await player.seek(2500);
  // With an empty queue lavalink-client reports the TrackEndEvent as `queueEnd`.
  const ended = Promise.race([waitFor(manager, 'trackEnd', () => true, 15000),
    waitFor(manager, 'queueEnd', () => true, 15000)]);
  await player.resume();

  const [, endTrack, payload] = await ended;
  assert.equal(payload.reason, 'finished');
  assert.equal(endTrack.info.title, 'Harness-Tone');

  await player.destroy();
  const stats = await env.rest('GET', '/v4/stats');
  assert.equal(stats.json.players, 0);
  node.destroy('done', true);
  console.log('lavalink-client: ok');
};
