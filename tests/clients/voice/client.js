// Joins a "voice channel" on our voice test server through @discordjs/voice and plays an Ogg/Opus
// file, then leaves. Usage: node client.js ENDPOINT OGG_FILE   (trust via NODE_EXTRA_CA_CERTS)
'use strict';
const fs = require('node:fs');
const voice = require('@discordjs/voice');

const [endpoint, oggFile] = process.argv.slice(2);
const guildId = '111111111111111111';
const channelId = '222222222222222222';
const userId = '333333333333333333';

// Stands in for discord.js: answers the bot's voice state update with the two gateway events
// that point the connection at our server.
function adapterCreator(methods) {
  return {
    sendPayload(payload) {
      if (payload.d.channel_id === null) return true;
      setImmediate(() => {
        methods.onVoiceStateUpdate({
          guild_id: guildId, channel_id: channelId, user_id: userId, session_id: 'node-session',
          deaf: false, mute: false, self_deaf: false, self_mute: false, self_video: false,
          suppress: false, request_to_speak_timestamp: null,
        });
        methods.onVoiceServerUpdate({ token: 'node-token', guild_id: guildId, endpoint });
      });
      return true;
    },
    destroy() {},
  };
}

async function main() {
  const connection = voice.joinVoiceChannel({
    guildId, channelId, adapterCreator, selfDeaf: false, debug: false,
  });
  connection.on('error', (e) => { console.error('connection error:', e); process.exit(1); });
  await voice.entersState(connection, voice.VoiceConnectionStatus.Ready, 10_000);
  const player = voice.createAudioPlayer();
  player.on('error', (e) => { console.error('player error:', e); process.exit(1); });
  connection.subscribe(player);
  player.play(voice.createAudioResource(fs.createReadStream(oggFile),
    { inputType: voice.StreamType.OggOpus }));
  await voice.entersState(player, voice.AudioPlayerStatus.Playing, 5_000);
  await voice.entersState(player, voice.AudioPlayerStatus.Idle, 30_000);
  // Idle comes after the five silence frames; give Speaking 0 time to leave.
  await new Promise((r) => setTimeout(r, 300));
  connection.destroy();
  console.log('client: played');
}

main().catch((e) => { console.error('client failed:', e); process.exit(1); });
