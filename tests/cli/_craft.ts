// A checkpoint with a given header text and valid checksums, for hostile-input tests.
import { crc32 } from "../../core/checkpoint.ts";

/** A checkpoint file with the given header JSON text and data, with valid checksums. */
export function craftCheckpoint(
  headerText: string,
  data: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const json = new TextEncoder().encode(headerText);
  const dataOffset = Math.ceil((24 + json.length) / 8) * 8;
  const out = new Uint8Array(dataOffset + data.length);
  out.set(new TextEncoder().encode("SRLCKPT\0"));
  out.set(json, 24);
  out.set(data, dataOffset);
  const view = new DataView(out.buffer);
  view.setUint32(8, 1, true);
  view.setUint32(12, json.length, true);
  view.setUint32(16, crc32(out.subarray(24, dataOffset)), true);
  view.setUint32(20, crc32(out.subarray(0, 20)), true);
  return out;
}
