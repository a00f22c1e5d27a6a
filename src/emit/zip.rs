//! A reproducible zip writer: entries in the order given (the tree's sorted
//! paths), every timestamp 1980-01-01 00:00, permissions 0644, UTF-8 names.
//!
//! Entries are compressed in parallel, and an entry larger than [`CHUNK`] is
//! cut into chunks compressed in parallel the way pigz does it: each chunk
//! is primed with the 32 KiB before it and ends on a sync flush, so the
//! concatenation is one ordinary deflate stream. The chunk size is fixed, so
//! the bytes never depend on the number of threads.
//!
//! Deflate level 2, chosen on the 1,000-question bench, all formats
//! (instructions for the whole build, bytes of every zip):
//!
//! | level | instructions | zip bytes |
//! |---|---|---|
//! | 1 | 3.03 G (−23 %) | 4.39 M (+41 %) |
//! | 2 | 3.46 G (−12 %) | 3.56 M (+15 %) |
//! | 4 | 3.77 G (−4 %) | 3.21 M (+3 %) |
//! | 6 (zlib's default) | 3.94 G | 3.11 M |
//!
//! An entry that deflate would not shrink is stored.

use flate2::{Compress, Compression, FlushCompress, Status};
use rayon::prelude::*;
use std::io;

/// Uncompressed bytes per parallel deflate chunk.
const CHUNK: usize = 256 * 1024;
/// Deflate's window: how far back a chunk may refer.
const WINDOW: usize = 32 * 1024;
const LEVEL: u32 = 2;

const METHOD_STORED: u16 = 0;
const METHOD_DEFLATED: u16 = 8;
/// General purpose flag bit 11: names are UTF-8.
const FLAG_UTF8: u16 = 1 << 11;
/// MS-DOS date of 1980-01-01 (the earliest a zip can hold), time 00:00.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;
/// "Made by" Unix, spec version 2.0 / 4.5 (zip64).
const MADE_BY_UNIX: u16 = 3 << 8;
const VERSION_DEFLATE: u16 = 20;
const VERSION_ZIP64: u16 = 45;
/// `-rw-r--r--` regular file, in the high half of the external attributes.
const UNIX_FILE_0644: u32 = (0o100644) << 16;

struct Entry {
    crc: u32,
    method: u16,
    size: usize,
    data: Vec<u8>,
}

/// Zips `(name, bytes)` pairs in the given order.
pub fn zip(files: &[(&str, &[u8])]) -> io::Result<Vec<u8>> {
    if let Some((name, _)) = files.iter().find(|(name, _)| !is_safe_entry_name(name)) {
        return Err(io::Error::other(format!(
            "unsafe zip entry name {name:?} (an internal error: names are built from checked ids)"
        )));
    }
    let entries: Vec<(&str, Entry)> = files
        .par_iter()
        .map(|&(name, bytes)| Ok((name, compress_entry(bytes)?)))
        .collect::<io::Result<_>>()?;
    assemble(&entries)
}

/// A relative `/`-separated path that unzips inside the target folder on
/// every system: no leading `/`, no `.` or `..` or empty segment, no
/// backslash, drive letter or control character.
pub fn is_safe_entry_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains(['\\', ':'])
        && !name.chars().any(char::is_control)
        && name.split('/').all(|seg| !matches!(seg, "" | "." | ".."))
}

fn compress_entry(bytes: &[u8]) -> io::Result<Entry> {
    let crc = crc32fast::hash(bytes);
    let deflated = if bytes.len() <= CHUNK {
        deflate_chunk(bytes, None, true)?
    } else {
        let chunks: Vec<&[u8]> = bytes.chunks(CHUNK).collect();
        let last = chunks.len() - 1;
        let parts: Vec<Vec<u8>> = (0..chunks.len())
            .into_par_iter()
            .map(|i| {
                let dictionary = (i > 0).then(|| {
                    let start = i * CHUNK;
                    &bytes[start - WINDOW.min(start)..start]
                });
                deflate_chunk(chunks[i], dictionary, i == last)
            })
            .collect::<io::Result<_>>()?;
        parts.concat()
    };
    Ok(if deflated.len() < bytes.len() {
        Entry {
            crc,
            method: METHOD_DEFLATED,
            size: bytes.len(),
            data: deflated,
        }
    } else {
        Entry {
            crc,
            method: METHOD_STORED,
            size: bytes.len(),
            data: bytes.to_vec(),
        }
    })
}

/// Raw deflate of one chunk; a chunk that is not the last ends on a sync
/// flush (byte aligned, not final) so the next chunk can follow it.
fn deflate_chunk(input: &[u8], dictionary: Option<&[u8]>, last: bool) -> io::Result<Vec<u8>> {
    // A fresh compressor every time: one reused after `reset` gave output
    // that depended on what it had compressed before (found by building the
    // same bank repeatedly), and the bytes must never depend on the thread.
    let mut c = Compress::new(Compression::new(LEVEL), false);
    deflate_with(&mut c, input, dictionary, last)
}

fn deflate_with(
    c: &mut Compress,
    input: &[u8],
    dictionary: Option<&[u8]>,
    last: bool,
) -> io::Result<Vec<u8>> {
    if let Some(dict) = dictionary {
        c.set_dictionary(dict).map_err(io::Error::other)?;
    }
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    let mut out = Vec::with_capacity(input.len() / 3 + 64);
    loop {
        let consumed = c.total_in() as usize;
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(1024));
        }
        let status = c
            .compress_vec(&input[consumed..], &mut out, flush)
            .map_err(io::Error::other)?;
        let done = c.total_in() as usize == input.len();
        match status {
            Status::StreamEnd => break,
            // A sync flush is complete once all input is in and the output
            // buffer was not filled up.
            Status::Ok | Status::BufError if !last && done && out.len() < out.capacity() => break,
            _ => {}
        }
    }
    Ok(out)
}

fn assemble(entries: &[(&str, Entry)]) -> io::Result<Vec<u8>> {
    let total: usize = entries
        .iter()
        .map(|(n, e)| 2 * (46 + n.len()) + e.data.len())
        .sum();
    let mut out = Vec::with_capacity(total + 100);
    let mut central = Vec::new();
    for (name, e) in entries {
        let offset = out.len();
        if offset > u32::MAX as usize
            || e.data.len() > u32::MAX as usize
            || e.size > u32::MAX as usize
        {
            return Err(io::Error::other("a package over 4 GiB is not supported"));
        }
        let name_len =
            u16::try_from(name.len()).map_err(|_| io::Error::other("zip entry name too long"))?;
        // Local file header.
        put32(&mut out, 0x0403_4b50);
        put16(&mut out, VERSION_DEFLATE);
        put16(&mut out, FLAG_UTF8);
        put16(&mut out, e.method);
        put16(&mut out, DOS_TIME);
        put16(&mut out, DOS_DATE);
        put32(&mut out, e.crc);
        put32(&mut out, e.data.len() as u32);
        put32(&mut out, e.size as u32);
        put16(&mut out, name_len);
        put16(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&e.data);
        // Central directory header.
        put32(&mut central, 0x0201_4b50);
        put16(&mut central, MADE_BY_UNIX | VERSION_DEFLATE);
        put16(&mut central, VERSION_DEFLATE);
        put16(&mut central, FLAG_UTF8);
        put16(&mut central, e.method);
        put16(&mut central, DOS_TIME);
        put16(&mut central, DOS_DATE);
        put32(&mut central, e.crc);
        put32(&mut central, e.data.len() as u32);
        put32(&mut central, e.size as u32);
        put16(&mut central, name_len);
        put16(&mut central, 0); // extra field
        put16(&mut central, 0); // comment
        put16(&mut central, 0); // disk number
        put16(&mut central, 0); // internal attributes
        put32(&mut central, UNIX_FILE_0644);
        put32(&mut central, offset as u32);
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = out.len();
    let cd_size = central.len();
    out.extend_from_slice(&central);
    if cd_offset + cd_size > u32::MAX as usize {
        return Err(io::Error::other("a package over 4 GiB is not supported"));
    }
    let count = entries.len();
    if count >= 0xFFFF {
        // More entries than the classic end record can count: zip64 end
        // record and locator, then the classic record saying "see zip64".
        let zip64_end = out.len();
        put32(&mut out, 0x0606_4b50);
        put64(&mut out, 44);
        put16(&mut out, MADE_BY_UNIX | VERSION_ZIP64);
        put16(&mut out, VERSION_ZIP64);
        put32(&mut out, 0);
        put32(&mut out, 0);
        put64(&mut out, count as u64);
        put64(&mut out, count as u64);
        put64(&mut out, cd_size as u64);
        put64(&mut out, cd_offset as u64);
        put32(&mut out, 0x0706_4b50);
        put32(&mut out, 0);
        put64(&mut out, zip64_end as u64);
        put32(&mut out, 1);
    }
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, count.min(0xFFFF) as u16);
    put16(&mut out, count.min(0xFFFF) as u16);
    put32(&mut out, cd_size as u32);
    put32(&mut out, cd_offset as u32);
    put16(&mut out, 0);
    Ok(out)
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        (0..archive.len())
            .map(|i| {
                let mut f = archive.by_index(i).unwrap();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                (f.name().unwrap().to_string(), data)
            })
            .collect()
    }

    /// Text that deflates well but never repeats exactly, several chunks long.
    fn big_text(len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len);
        let mut i = 0u64;
        while out.len() < len {
            out.extend_from_slice(
                format!("<item ident=\"q{i}\">answer {}</item>\n", i * 7919 % 1000).as_bytes(),
            );
            i += 1;
        }
        out.truncate(len);
        out
    }

    #[test]
    fn entries_round_trip_in_order() {
        let big = big_text(3 * CHUNK + 123);
        let files: Vec<(&str, &[u8])> = vec![
            ("b/empty.txt", b""),
            ("a.xml", b"<a/>"),
            ("big.xml", &big),
            ("ünïcode/π.txt", "ünïcode".as_bytes()),
        ];
        let bytes = zip(&files).unwrap();
        let back = unzip(&bytes);
        let expected: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
        assert_eq!(back, expected);
    }

    #[test]
    fn unsafe_entry_names_are_refused() {
        for name in ["../x", "/x", "a//b", "a/./b", "a\\b", "C:x", "a\u{0}b", ""] {
            assert!(!is_safe_entry_name(name), "{name:?}");
            assert!(zip(&[(name, b"x".as_slice())]).is_err(), "{name:?}");
        }
        assert!(is_safe_entry_name("items/quiz-1 a.xml"));
    }

    #[test]
    fn chunked_deflate_is_smaller_than_the_input() {
        let big = big_text(4 * CHUNK);
        let bytes = zip(&[("big.xml", big.as_slice())]).unwrap();
        assert!(
            bytes.len() < big.len() / 4,
            "{} of {}",
            bytes.len(),
            big.len()
        );
    }

    #[test]
    fn incompressible_entries_are_stored() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let noise: Vec<u8> = (0..5000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 56) as u8
            })
            .collect();
        let bytes = zip(&[("noise.bin", noise.as_slice())]).unwrap();
        assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), METHOD_STORED);
        assert_eq!(unzip(&bytes)[0].1, noise);
    }

    #[test]
    fn the_same_files_give_the_same_bytes() {
        let big = big_text(2 * CHUNK + 1);
        let files = vec![("x.xml", big.as_slice()), ("y.txt", b"y".as_slice())];
        assert_eq!(zip(&files).unwrap(), zip(&files).unwrap());
    }

    /// The thread count and what a thread did before never change the bytes.
    /// (Compressors reused across entries once did, seen only by building
    /// the 10,000-question bench bank repeatedly: `bench/compare.py` checks
    /// that every run of a bank gives the same files.)
    #[test]
    fn the_bytes_do_not_depend_on_the_threads() {
        let big = big_text(5 * CHUNK + 7);
        let small: Vec<Vec<u8>> = (0..64).map(|i| big_text(1000 + 37 * i)).collect();
        let names: Vec<String> = (0..small.len())
            .map(|i| format!("items/{i:03}.xml"))
            .collect();
        let mut files: Vec<(&str, &[u8])> = vec![("big.xml", big.as_slice())];
        files.extend(
            names
                .iter()
                .map(String::as_str)
                .zip(small.iter().map(Vec::as_slice)),
        );
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| {
                    // Other work first, so any state left behind would show.
                    let _ = zip(&[("warm.txt", &big[..CHUNK / 3])]);
                    zip(&files).unwrap()
                })
        };
        let one = on(1);
        for threads in [2, 3, 8] {
            assert!(on(threads) == one, "{threads} threads changed the bytes");
        }
        assert_eq!(unzip(&one).len(), files.len());
    }

    #[test]
    fn more_than_65535_entries_use_the_zip64_end_record() {
        let names: Vec<String> = (0..70_000).map(|i| format!("i/{i:05}.txt")).collect();
        let files: Vec<(&str, &[u8])> = names
            .iter()
            .map(|n| (n.as_str(), b"x".as_slice()))
            .collect();
        let bytes = zip(&files).unwrap();
        let archive =
            ::zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("a zip64 archive");
        assert_eq!(archive.len(), 70_000);
    }
}
