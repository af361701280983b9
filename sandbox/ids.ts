/** Identifiers shaped like AWS's. Random (not derived from a seed) unless a generator is passed. */
import { randomBytes, randomUUID } from "node:crypto";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function randomChars(length: number, alphabet: string, random: () => number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

const cryptoRandom = (): number => randomBytes(4).readUInt32BE(0) / 0x1_0000_0000;

/** `AKIA` long-term user keys, `ASIA` temporary keys; IAM unique ids use AIDA/AGPA/AROA/ANPA. */
export function awsId(prefix: string, random: () => number = cryptoRandom): string {
  return prefix + randomChars(16, BASE32, random);
}

export function secretAccessKey(random: () => number = cryptoRandom): string {
  return randomChars(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", random);
}

export function sessionToken(): string {
  return `IQoJb3JpZ2luX2VjE${randomBytes(96).toString("base64")}`;
}

export function requestId(): string {
  return randomUUID();
}

/** Small deterministic PRNG (mulberry32) for generated organizations. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
