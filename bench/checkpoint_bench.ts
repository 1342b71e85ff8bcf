/**
 * Checkpoint encode/decode throughput on a DQN-like state with a 50 MB replay buffer.
 * MB/s = 50 / (time per iteration in s). Run: `deno bench bench/checkpoint_bench.ts`.
 *
 * @module
 */
import {
  crc32,
  decodeCheckpoint,
  encodeCheckpoint,
  encodeCheckpointChunks,
} from "../core/checkpoint.ts";
import zlib from "node:zlib";
import { Random } from "../core/random.ts";

const capacity = 1_562_500; // x 4 floats x 4 bytes x 2 (obs, nextObs) = 50 MB
const rng = new Random("bench");
const observations = new Float32Array(capacity * 4);
for (let i = 0; i < observations.length; i += 101) observations[i] = rng.normal();
const state = {
  qNetwork: { params: new Float32Array(17_410) }, // 4-120-84-2 MLP
  targetNetwork: { params: new Float32Array(17_410) },
  optimizer: { squareAvg: new Float32Array(17_410), step: 1234 },
  rng: rng.state(),
  replay: {
    observations,
    nextObservations: observations.slice(),
    actions: new Int32Array(capacity),
    rewards: new Float32Array(capacity),
    terminated: new Uint8Array(capacity),
    position: 123_456,
    full: false,
  },
};
const checkpoint = {
  agent: "dqn",
  env: "CartPole-v1",
  config: { bufferSize: capacity },
  counters: { globalStep: 500_000 },
  state,
};
const bytes = encodeCheckpoint(checkpoint);
const replayBytes = bytes.subarray(bytes.length - 50_000_000);

Deno.bench("crc32 (portable JS), 50 MB", { group: "checkpoint" }, () => {
  crc32(replayBytes);
});

Deno.bench(
  "zlib.crc32 (native, what checkpoints use in Deno), 50 MB",
  { group: "checkpoint" },
  () => {
    zlib.crc32(replayBytes);
  },
);

Deno.bench("encodeCheckpointChunks (no copy)", { group: "checkpoint", baseline: true }, () => {
  encodeCheckpointChunks(checkpoint);
});

Deno.bench(
  `encodeCheckpoint, ${(bytes.length / 1e6).toFixed(1)} MB`,
  { group: "checkpoint" },
  () => {
    encodeCheckpoint(checkpoint);
  },
);

Deno.bench("decodeCheckpoint (views)", { group: "checkpoint" }, () => {
  decodeCheckpoint(bytes, { agent: "dqn" });
});

Deno.bench("decodeCheckpoint (copy: true)", { group: "checkpoint" }, () => {
  decodeCheckpoint(bytes, { agent: "dqn", copy: true });
});

Deno.bench("Uint8Array.set, 50 MB (memcpy floor)", { group: "checkpoint" }, () => {
  new Uint8Array(replayBytes.length).set(replayBytes);
});
