/** A text to find in raw bytes; `caseBlind` matches its ASCII letters in either case. */
export interface ScanLiteral {
  text: string;
  caseBlind?: boolean;
  /**
   * Where its fingerprint, two adjacent bytes, starts (0 unless set). Every position where those
   * two bytes occur costs an exact check, so they should be rare together in ordinary log lines.
   */
  anchor?: number;
}

/** Where the scanner's memory holds what `fingerprintMemory` writes (see byte-scan.wat). */
export const SCAN_LAYOUT = {
  tables: 0,
  literalCount: 112,
  /** Where `count_lines` leaves its double and escaped newlines, then `find` the newlines it passed over. */
  lineCounts: 116,
  literals: 256,
  literalStride: 64,
  maxLiteralBytes: 30,
  maxLiterals: 16,
  /** Where in a literal's record its anchor is. */
  anchorAt: 62,
  /** Where the bytes to search begin. */
  data: 4096,
} as const;

const BUCKETS = 8;
const FINGERPRINT_BYTES = 2;
const CASE_BIT = 0x20;

/**
 * The start of the scanner's memory for `literals`: for each of the two bytes of a literal's
 * anchor, which buckets its low and its high nibble allow, then each literal's bytes, masks and
 * anchor for the exact check. Literals whose anchors are the same bytes (a case-blind one's in
 * capitals) share a bucket, so they cost no extra false starts; past eight kinds, buckets are
 * shared in turn.
 */
export function fingerprintMemory(literals: readonly ScanLiteral[]): Uint8Array {
  if (literals.length === 0 || literals.length > SCAN_LAYOUT.maxLiterals) {
    throw new RangeError(`From 1 to ${SCAN_LAYOUT.maxLiterals} literals, not ${literals.length}`);
  }
  const memory = new Uint8Array(SCAN_LAYOUT.data);
  const kinds: string[] = [];
  literals.forEach((literal, index) => {
    const { bytes, masks } = literalBytes(literal);
    const anchor = literal.anchor ?? 0;
    if (!Number.isInteger(anchor) || anchor < 0 || anchor + FINGERPRINT_BYTES > bytes.length) {
      throw new RangeError(`The anchor of ${JSON.stringify(literal.text)} must start a pair of its bytes, not ${anchor}`);
    }
    const kind = Buffer.from(bytes.subarray(anchor, anchor + FINGERPRINT_BYTES)).toString('latin1');
    if (!kinds.includes(kind)) kinds.push(kind);
    const bucket = 1 << (kinds.indexOf(kind) % BUCKETS);
    for (let position = 0; position < FINGERPRINT_BYTES; position += 1) {
      for (const byte of spellings(bytes[anchor + position]!, masks[anchor + position]!)) {
        memory[SCAN_LAYOUT.tables + position * 32 + (byte & 0x0f)]! |= bucket;
        memory[SCAN_LAYOUT.tables + position * 32 + 16 + (byte >> 4)]! |= bucket;
      }
    }
    const record = SCAN_LAYOUT.literals + index * SCAN_LAYOUT.literalStride;
    memory[record] = bucket;
    memory[record + 1] = bytes.length;
    memory.set(bytes, record + 2);
    memory.set(masks, record + 32);
    memory[record + SCAN_LAYOUT.anchorAt] = anchor;
  });
  new DataView(memory.buffer).setInt32(SCAN_LAYOUT.literalCount, literals.length, true);
  return memory;
}

/** A literal's bytes as compared: a case-blind letter is kept in capitals and compared without its case bit. */
function literalBytes(literal: ScanLiteral): { bytes: Uint8Array; masks: Uint8Array } {
  const bytes = new Uint8Array(Buffer.from(literal.text, 'utf8'));
  if (bytes.length < FINGERPRINT_BYTES || bytes.length > SCAN_LAYOUT.maxLiteralBytes) {
    throw new RangeError(`A literal takes ${FINGERPRINT_BYTES} to ${SCAN_LAYOUT.maxLiteralBytes} bytes: ${JSON.stringify(literal.text)}`);
  }
  const masks = new Uint8Array(bytes.length).fill(0xff);
  // The plain scanner lower-cases text one character a byte: the same as here only for ASCII.
  if (literal.caseBlind && bytes.some((byte) => byte > 0x7f)) {
    throw new RangeError(`A case-blind literal is ASCII: ${JSON.stringify(literal.text)}`);
  }
  if (literal.caseBlind) {
    bytes.forEach((byte, at) => {
      if (isAsciiLetter(byte)) {
        bytes[at] = byte & ~CASE_BIT;
        masks[at] = 0xff & ~CASE_BIT;
      }
    });
  }
  return { bytes, masks };
}

function spellings(byte: number, mask: number): number[] {
  return mask === 0xff ? [byte] : [byte, byte | CASE_BIT];
}

function isAsciiLetter(byte: number): boolean {
  const upper = byte & ~CASE_BIT;
  return upper >= 0x41 && upper <= 0x5a;
}
