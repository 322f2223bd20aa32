/**
 * Looks for secret values in every file under some folders, the way an attacker reading a CI
 * artifact would: as plain text, base64 at any byte alignment, URL-encoded, hex, and inside zip
 * archives (Playwright traces; the HTML report embeds its data as a base64 zip).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

/** The spellings a secret can take in an output file. */
export function secretForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const base64 = [0, 1, 2].map((pad) => {
    // Only the characters fully determined by the secret's own bytes, wherever it starts.
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    return encoded.slice(pad ? 4 : 0, Math.floor((pad + bytes.length) / 3) * 4);
  });
  const hex = bytes.toString('hex');
  return [...new Set([secret, encodeURIComponent(secret), ...base64, hex, hex.toUpperCase()])];
}

/** Entries of a zip archive (stored or deflated), by their names. */
export function zipEntries(zip: Buffer): { name: string; data: Buffer }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) return [];
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: { name: string; data: Buffer }[] = [];
  for (let i = 0; i < count && zip.readUInt32LE(offset) === 0x02014b50; i++) {
    const method = zip.readUInt16LE(offset + 10);
    const size = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(dataStart, dataStart + size);
    entries.push({ name, data: method === 8 ? inflateRawSync(raw) : raw });
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return entries;
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** A file's readable contents: itself, the entries of a zip, and zips embedded as data: URLs. */
function contentsOf(label: string, data: Buffer): { where: string; text: string }[] {
  const out = [{ where: label, text: data.toString('latin1') }];
  if (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) {
    for (const entry of zipEntries(data)) out.push(...contentsOf(`${label} > ${entry.name}`, entry.data));
  }
  for (const match of out[0]!.text.matchAll(/data:application\/zip;base64,([A-Za-z0-9+/=]+)/g)) {
    out.push(...contentsOf(`${label} > embedded zip`, Buffer.from(match[1]!, 'base64')));
  }
  return out;
}

/** Every place under `dirs` where a value appears in any of its forms: "file > entry: form". */
export function findValues(dirs: string[], values: string[]): string[] {
  const forms = values.flatMap(secretForms);
  const hits: string[] = [];
  for (const file of dirs.flatMap(filesUnder)) {
    for (const { where, text } of contentsOf(file, readFileSync(file))) {
      for (const form of forms) if (text.includes(form)) hits.push(`${where}: ${form}`);
    }
  }
  return hits;
}
