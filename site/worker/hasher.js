// The redacted output's SHA-256 and the Blob the page hands over, made in a worker of their own
// while Python redacts.
//
// Python's worker (worker_bridge.OutputHasher) starts this classic worker for one redaction,
// after the file's check, and waits for {ready: true} before redacting: in Chromium a worker's
// worker cannot start while its parent's thread is busy, and Python keeps that thread busy until
// the redaction is done. It then posts every chunk of the output as it leaves Python (a
// Uint8Array, transferred), then "end". The answer is one message after "end":
// {output: Blob, sha256: "<hex>"} (sha256 null if hashing failed: Python hashes the Blob), or
// {error: true} if the chunks could not all be kept (Python then redacts again on its own).
//
// Why here: in Pyodide, hashing the output took about a third of the redaction of a 100 MB
// export (hashlib's SHA-256 runs as wasm there, one thread), and making each chunk a Blob part
// (a copy into the browser's blob store) was part of the 0.46 s per 100 MB that
// `python -m tests.benchmarks.page --steps` put on the output. Here both run on another
// core, in step with the output, and are done when Python is. Each chunk becomes a Blob part at
// once, so the output never gathers in this worker's memory (a Blob may live on disk). The
// digest is of the very chunks the Blob is made of, in order. hash-wasm (pinned in package.json,
// self-hosted by build.py) is a streaming SHA-256 in wasm: WebCrypto's digest() takes one
// buffer, which a 1 GB export cannot be on a phone.
//
// Nothing leaves this worker but the digest and the Blob, to the worker that started it: it
// makes no request besides loading hash-wasm from this site, and the page's CSP applies to it
// (worker-src 'self').
"use strict";

importScripts("../hash-wasm/sha256.umd.min.js");

const parts = [];
let kept = true; // every chunk so far is a part of the Blob
let hashing = self.hashwasm.createSHA256().then((hasher) => {
  hasher.init();
  self.postMessage({ ready: true });
  return hasher;
});
hashing.catch(() => self.postMessage({ error: true })); // never ready: Python works alone

self.onmessage = ({ data }) => {
  if (data === "end") {
    const output = kept ? new Blob(parts) : null;
    parts.length = 0;
    hashing
      .then((hasher) => hasher.digest("hex"))
      .catch(() => null)
      .then((sha256) => self.postMessage(output ? { output, sha256 } : { error: true }));
    return;
  }
  try {
    parts.push(new Blob([data]));
  } catch {
    kept = false;
  }
  hashing = hashing.then((hasher) => {
    hasher.update(data);
    return hasher;
  });
};
