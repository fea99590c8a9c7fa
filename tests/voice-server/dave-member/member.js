// DAVE members built on @snazzah/davey, run by the voice test server in --dave mode. The server
// plays the voice gateway for them over stdin/stdout, one JSON object per line:
//   in:  {"user":U,"op":4}                        start: new session, send a key package
//        {"user":U,"op":N,"d":{...}}              JSON ops 11, 13, 21, 22, 24
//        {"user":U,"op":N,"bin":BASE64}           binary ops 25, 27, 29, 30 (payload only)
//        {"user":U,"leave":true}                  forget the session
//        {"decrypt":ID,"user":U,"from":S,"frame":BASE64}
//   out: {"user":U,"op":26|28,"bin":BASE64}, {"user":U,"op":23|31,"d":{"transition_id":T}},
//        {"user":U,"event":"epoch","epoch":E,"leaf":L,"authenticator":HEX,"privacy_code":DIGITS},
//        {"user":U,"event":"error","error":TEXT}, {"decrypt":ID,"frame":BASE64|"error":TEXT}
// Usage: node member.js CHANNEL_ID
'use strict';
const readline = require('node:readline');
const davey = require('@snazzah/davey');

const channelId = process.argv[2];
const members = new Map();

function send(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

class Member {
  constructor(user) {
    this.user = user;
    this.connected = new Set();
    this.session = new davey.DAVESession(1, user, channelId);
    this.sendKeyPackage();
  }

  sendKeyPackage() {
    send({ user: this.user, op: 26, bin: this.session.getSerializedKeyPackage().toString('base64') });
  }

  // An unprocessable commit or Welcome: report it, start over with a new key package.
  invalid(transitionId, error) {
    send({ user: this.user, event: 'error', error: String(error) });
    send({ user: this.user, op: 31, d: { transition_id: transitionId } });
    this.session.reinit(1, this.user, channelId);
    this.sendKeyPackage();
  }

  joined(transitionId) {
    send({
      user: this.user, event: 'epoch', epoch: Number(this.session.epoch),
      leaf: this.session.ownLeafIndex, authenticator: this.session.getEpochAuthenticator().toString('hex'),
      privacy_code: this.session.voicePrivacyCode,
    });
    if (transitionId !== 0) send({ user: this.user, op: 23, d: { transition_id: transitionId } });
  }

  json(op, d) {
    if (op === 11) for (const id of d.user_ids) this.connected.add(id);
    else if (op === 13) this.connected.delete(d.user_id);
    else if (op === 21 && d.transition_id !== 0) send({ user: this.user, op: 23, d: { transition_id: d.transition_id } });
    else if (op === 24 && d.epoch === 1) {
      this.session.reinit(1, this.user, channelId);
      this.sendKeyPackage();
    }
  }

  binary(op, payload) {
    if (op === 25) {
      this.session.setExternalSender(payload);
    } else if (op === 27) {
      const { commit, welcome } = this.session.processProposals(
        payload[0], payload.subarray(1), Array.from(this.connected));
      if (commit) {
        const frame = welcome ? Buffer.concat([commit, welcome]) : commit;
        send({ user: this.user, op: 28, bin: frame.toString('base64') });
      }
    } else if (op === 29 || op === 30) {
      const transitionId = payload.readUInt16BE(0);
      try {
        if (op === 29) this.session.processCommit(payload.subarray(2));
        else this.session.processWelcome(payload.subarray(2));
      } catch (e) {
        return this.invalid(transitionId, e);
      }
      this.joined(transitionId);
    }
  }
}

function decrypt(m) {
  const member = members.get(m.user);
  try {
    if (!member) throw new Error(`no member ${m.user}`);
    const plain = member.session.decrypt(m.from, davey.MediaType.AUDIO, Buffer.from(m.frame, 'base64'));
    send({ decrypt: m.decrypt, frame: plain.toString('base64') });
  } catch (e) {
    send({ decrypt: m.decrypt, error: String(e && e.message ? e.message : e) });
  }
}

function handle(m) {
  if (m.decrypt !== undefined) return decrypt(m);
  if (m.leave) {
    members.get(m.user)?.session.reset();
    members.delete(m.user);
    return;
  }
  if (m.op === 4) {
    members.set(m.user, new Member(m.user));
    return;
  }
  const member = members.get(m.user);
  if (!member) return;
  try {
    if (m.bin !== undefined) member.binary(m.op, Buffer.from(m.bin, 'base64'));
    else member.json(m.op, m.d);
  } catch (e) {
    send({ user: m.user, event: 'error', error: `op ${m.op}: ${e && e.message ? e.message : e}` });
  }
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim()) handle(JSON.parse(line));
});
