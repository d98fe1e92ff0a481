// The SHA-256 of the redacted output, computed in a worker of its own while Python redacts.
//
// Python's worker (worker_bridge.OutputHasher) starts this classic worker for one redaction,
// after the file's check, and waits for {ready: true} before redacting: in Chromium a worker's
// worker cannot start while its parent's thread is busy, and Python keeps that thread busy until
// the redaction is done. It then posts every chunk of the output as it leaves Python (a
// Uint8Array, transferred), then "end". The answer is one message, {sha256: "<hex>"}, or
// {error: true}; the worker is then dropped.
//
// Why: in Pyodide, hashing the output took about a third of the redaction of a 100 MB export
// (hashlib's SHA-256 runs as wasm there, one thread). Here it runs on another core, in step
// with the output, and is done when Python is. The chunks are the very bytes of the Blob the
// page hands over, in order, so the digest is the file's. hash-wasm (pinned in package.json,
// self-hosted by build.py) is a streaming SHA-256 in wasm: WebCrypto's digest() takes one
// buffer, which a 1 GB export cannot be on a phone.
//
// Nothing leaves this worker but the digest: it makes no request besides loading hash-wasm
// from this site, and the page's CSP applies to it (worker-src 'self').
"use strict";

importScripts("../hash-wasm/sha256.umd.min.js");

let failed = false;
let chain = self.hashwasm.createSHA256().then((hasher) => {
  hasher.init();
  self.postMessage({ ready: true });
  return hasher;
});

self.onmessage = ({ data }) => {
  chain = chain.then((hasher) => {
    if (data === "end") self.postMessage({ sha256: hasher.digest("hex") });
    else hasher.update(data);
    return hasher;
  });
  chain.catch(() => {
    if (!failed) {
      failed = true;
      self.postMessage({ error: true });
    }
  });
};
