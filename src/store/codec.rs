//! Byte codecs shared by the stored indexes: LEB128 varints and delta-coded id lists. The
//! memory's posting lists and the glossary's fuzzy index both pack sorted ids this way.

/// Appends `v` as a LEB128 varint.
#[inline]
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Calls `f` with each varint of `data`.
#[inline]
pub fn varints(data: &[u8], mut f: impl FnMut(u64)) {
    let (mut cur, mut shift) = (0u64, 0u32);
    for &b in data {
        cur |= ((b & 0x7F) as u64) << shift;
        if b & 0x80 == 0 {
            f(cur);
            cur = 0;
            shift = 0;
        } else {
            shift += 7;
        }
    }
}

/// Decodes a list of deltas, appending the running sums (the original ids) to `out`.
#[inline]
pub fn decode_into(data: &[u8], out: &mut Vec<u64>) {
    decode_each(data, |id| out.push(id));
}

/// Decodes a list of deltas, calling `f` with each running sum (the original ids): for a
/// reader that counts the ids, with no list in between.
#[inline]
pub fn decode_each(data: &[u8], mut f: impl FnMut(u64)) {
    let mut acc = 0u64;
    varints(data, |d| {
        acc += d;
        f(acc);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_across_byte_boundaries() {
        let values = [
            0u64,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u32::MAX as u64,
            u64::MAX,
        ];
        let mut buf = Vec::new();
        for v in values {
            put_varint(&mut buf, v);
        }
        let mut back = Vec::new();
        varints(&buf, |v| back.push(v));
        assert_eq!(back, values);
    }

    #[test]
    fn deltas_decode_to_running_sums() {
        let mut buf = Vec::new();
        for d in [5u64, 1, 200, 0] {
            put_varint(&mut buf, d);
        }
        let mut out = vec![9];
        decode_into(&buf, &mut out);
        assert_eq!(out, [9, 5, 6, 206, 206]);
    }
}
