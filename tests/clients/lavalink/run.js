// Conformance harness: real Lavalink client libraries (versions pinned in package-lock.json)
// drive a real lavalink-gst. Run by meson test (tests/server/meson.build); scripts/test runs
// `npm ci` here first.
'use strict';
const { startEnv } = require('./env.js');

async function main() {
  for (const dep of ['shoukaku', 'lavalink-client', 'ws']) {
    try { require.resolve(dep); } catch {
      throw new Error(`${dep} missing: run npm ci in ${__dirname} (scripts/test does)`);
    }
  }
  for (const [name, scenario] of [['shoukaku', require('./shoukaku.js')],
    ['lavalink-client', require('./lavalink-client.js')]]) {
    const env = await startEnv();
    try {
      await scenario(env);
    } catch (error) {
      error.message = `${name}: ${error.message}`;
      throw error;
    } finally {
      await env.stop();
    }
  }
}

main().then(() => { console.log('ok'); process.exit(0); }, (e) => { console.error(e); process.exit(1); });
