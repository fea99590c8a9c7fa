// Interoperability of our DAVE library with @snazzah/davey (the implementation @discordjs/voice
// uses): our peer (tests/dave/interop_peer.cpp) plays the gateway and one member, davey plays the
// others. Welcomes, commits with and without UpdatePaths, and media frames cross both ways.
'use strict';
const { spawn } = require('node:child_process');
const readline = require('node:readline');
const assert = require('node:assert/strict');

const PEER = process.env.DAVE_INTEROP_PEER;
const CHANNEL = '1234567890123456789';
const OURS = '1001';
const BOB = '1002';
const CAROL = '1003';
const DAN = '1004';
const EVERYONE = [OURS, BOB, CAROL, DAN];
const OPUS = Buffer.from('fc0102030405060708090a0b0c0d0e0f101112131415161718191a', 'hex');

function startPeer() {
  const child = spawn(PEER, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()(line));
  const call = (...words) =>
    new Promise((resolve, reject) => {
      waiting.push((line) => {
        const [status, ...rest] = line.split(' ');
        if (status === 'ok') resolve(rest);
        else reject(new Error(`peer ${words[0]}: ${line}`));
      });
      child.stdin.write(words.join(' ') + '\n');
    });
  return { call, stop: () => child.stdin.end() };
}

const hex = (b) => Buffer.from(b).toString('hex');
const buf = (h) => Buffer.from(h, 'hex');

async function main() {
  let davey;
  try {
    davey = require('@snazzah/davey');
  } catch (e) {
    throw new Error('@snazzah/davey missing: run npm ci in tests/dave/interop (scripts/test does)');
  }
  const { DAVESession, ProposalsOperationType, MediaType } = davey;
  const peer = startPeer();
  const steps = [];
  const step = (name) => steps.push(name);
  try {
    const [externalSender] = await peer.call('gateway');
    await peer.call('session', OURS, CHANNEL);
    await peer.call('external', externalSender);
    const member = (user) => {
      const s = new DAVESession(1, user, CHANNEL);
      s.setExternalSender(buf(externalSender));
      return s;
    };
    const proposals = (payload) => [payload[0], payload.subarray(1)];
    const daveyProposals = (s, payloadHex) => {
      const [op, body] = proposals(buf(payloadHex));
      return s.processProposals(op, body, EVERYONE);
    };
    const sameState = async (s) => {
      const [epoch, auth] = await peer.call('state');
      assert.equal(BigInt(epoch), s.epoch);
      assert.equal(hex(s.getEpochAuthenticator()), auth);
    };
    const mediaBothWays = async (s, user) => {
      const [ours] = await peer.call('encrypt', hex(OPUS));
      assert.equal(hex(s.decrypt(OURS, MediaType.AUDIO, buf(ours))), hex(OPUS));
      const theirs = s.encryptOpus(OPUS);
      const [plain] = await peer.call('decrypt', user, hex(theirs));
      assert.equal(plain, hex(OPUS));
    };

    // 1. We commit Bob's Add; davey joins from our Welcome.
    const bob = member(BOB);
    const [addBob] = await peer.call('propose-add', 0, hex(bob.getSerializedKeyPackage()));
    const [commit1, welcome1] = await peer.call('proposals', addBob, ...EVERYONE);
    await peer.call('commit', commit1);
    bob.processWelcome(buf(welcome1));
    await sameState(bob);
    await mediaBothWays(bob, BOB);
    step('davey joined from our Welcome; media both ways');

    // 2. Davey commits Carol's Add (no path); we follow; Carol (davey) joins.
    const carol = member(CAROL);
    const [addCarol] = await peer.call('propose-add', 1, hex(carol.getSerializedKeyPackage()));
    await peer.call('proposals', addCarol, ...EVERYONE);
    const r2 = daveyProposals(bob, addCarol);
    await peer.call('commit', hex(r2.commit));
    bob.processCommit(r2.commit);
    carol.processWelcome(r2.welcome);
    await sameState(bob);
    await sameState(carol);
    await mediaBothWays(carol, CAROL);
    step("we followed davey's add commit");

    // 3. Davey commits Carol's removal: an UpdatePath we must decrypt.
    const [removeCarol] = await peer.call('propose-remove', 2, carol.ownLeafIndex);
    await peer.call('proposals', removeCarol, ...EVERYONE);
    const r3 = daveyProposals(bob, removeCarol);
    await peer.call('commit', hex(r3.commit));
    bob.processCommit(r3.commit);
    await sameState(bob);
    await mediaBothWays(bob, BOB);
    step("we decrypted davey's UpdatePath");

    // 4. We commit Dan's Add; then Dan's removal with our UpdatePath, which davey decrypts.
    const dan = member(DAN);
    const [addDan] = await peer.call('propose-add', 3, hex(dan.getSerializedKeyPackage()));
    daveyProposals(bob, addDan);
    const [commit4, welcome4] = await peer.call('proposals', addDan, ...EVERYONE);
    await peer.call('commit', commit4);
    bob.processCommit(buf(commit4));
    dan.processWelcome(buf(welcome4));
    await sameState(dan);
    const [removeDan] = await peer.call('propose-remove', 4, dan.ownLeafIndex);
    daveyProposals(bob, removeDan);
    const [commit5] = await peer.call('proposals', removeDan, ...EVERYONE);
    await peer.call('commit', commit5);
    bob.processCommit(buf(commit5));
    await sameState(bob);
    await mediaBothWays(bob, BOB);
    step('davey decrypted our UpdatePath');
  } finally {
    peer.stop();
  }
  for (const s of steps) console.log(`ok - ${s}`);
  console.log(`${steps.length} passed, 0 failed`);
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
