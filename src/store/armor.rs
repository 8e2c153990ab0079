//! Streaming removal of age's ASCII armor. age's own `ArmoredReader` works a
//! line at a time; on a multi-megabyte vault that per-line work cost more
//! than decryption itself. Here base64 is decoded in large blocks (SIMD),
//! and neither the armored text nor the binary file is ever held whole.
//!
//! The decoder is more lenient than age about line lengths: that loses
//! nothing, since age authenticates every byte of the binary file.

use std::io::{self, BufRead, Read};

const BEGIN: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";
const END: &[u8] = b"-----END AGE ENCRYPTED FILE-----";
/// Base64 characters decoded at a time (a multiple of 4 and of 64).
const BLOCK: usize = 64 * 1024;

/// True when `start` (the first bytes of a file) opens an armored age file.
pub fn is_armored(start: &[u8]) -> bool {
    start.trim_ascii_start().starts_with(BEGIN)
}

/// A `BufRead` over the binary age file inside an armored one.
pub struct Dearmor<R> {
    inner: R,
    line: Vec<u8>,
    block: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    started: bool,
    done: bool,
}

fn damaged(why: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("the armor is damaged: {why}"),
    )
}

impl<R: BufRead> Dearmor<R> {
    /// Wraps a reader positioned at the start of an armored file of `len`
    /// bytes (buffers are sized to it, up to a block).
    pub fn new(inner: R, len: usize) -> Self {
        let block = len.min(BLOCK) + 128;
        Dearmor {
            inner,
            line: Vec::with_capacity(128),
            block: Vec::with_capacity(block),
            out: Vec::with_capacity(block / 4 * 3),
            pos: 0,
            started: false,
            done: false,
        }
    }

    /// Reads one line into `self.line` without its line end; false at EOF.
    fn next_line(&mut self) -> io::Result<bool> {
        self.line.clear();
        if self.inner.read_until(b'\n', &mut self.line)? == 0 {
            return Ok(false);
        }
        while matches!(self.line.last(), Some(b'\n' | b'\r')) {
            self.line.pop();
        }
        Ok(true)
    }

    /// Decodes the next block of base64 into `self.out`.
    fn refill(&mut self) -> io::Result<()> {
        if !self.started {
            loop {
                if !self.next_line()? {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "no armor header",
                    ));
                }
                if self.line.trim_ascii().is_empty() {
                    continue;
                }
                if self.line.trim_ascii() != BEGIN {
                    return Err(damaged("no BEGIN line"));
                }
                break;
            }
            self.started = true;
        }
        self.block.clear();
        while self.block.len() < BLOCK {
            // Copy base64 straight from the reader's buffer up to each line
            // end (found with SIMD memchr); only marker lines are looked at.
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the armor has no END line",
                ));
            }
            if buf[0] == b'-' {
                if !self.next_line()? {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the armor has no END line",
                    ));
                }
                let line = self.line.trim_ascii();
                if line != END {
                    return Err(damaged("unexpected marker line"));
                }
                // Only whitespace may follow the END line.
                let mut rest = Vec::new();
                self.inner.read_to_end(&mut rest)?;
                if !rest.trim_ascii().is_empty() {
                    return Err(damaged("data after the END line"));
                }
                self.done = true;
                break;
            }
            let (take, used) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i, i + 1),
                None => (buf.len(), buf.len()),
            };
            let mut line = &buf[..take];
            while let Some((last, rest)) = line.split_last() {
                if *last == b'\r' || *last == b' ' || *last == b'\t' {
                    line = rest;
                } else {
                    break;
                }
            }
            self.block.extend_from_slice(line);
            self.inner.consume(used);
        }
        if !self.done && !self.block.len().is_multiple_of(4) {
            return Err(damaged("a line length is not a multiple of 4"));
        }
        let decoded = base64_simd::STANDARD
            .decode_inplace(&mut self.block)
            .map_err(|_| damaged("not base64"))?;
        self.out.clear();
        self.out.extend_from_slice(decoded);
        self.pos = 0;
        Ok(())
    }
}

impl<R: BufRead> Read for Dearmor<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Dearmor<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos >= self.out.len() && !self.done {
            self.refill()?;
        }
        Ok(&self.out[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.out.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn armored(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w =
            age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
                .unwrap();
        w.write_all(data).unwrap();
        w.finish().unwrap();
        out
    }

    fn dearmor(bytes: &[u8]) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        Dearmor::new(bytes, bytes.len()).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn round_trips_what_age_armors() {
        for len in [
            0usize,
            1,
            47,
            48,
            49,
            1000,
            BLOCK,
            BLOCK / 4 * 3 + 5,
            300_000,
        ] {
            let data: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
            assert_eq!(dearmor(&armored(&data)).unwrap(), data, "len {len}");
        }
        let mut crlf = armored(b"hello world, this is age").clone();
        crlf = String::from_utf8(crlf)
            .unwrap()
            .replace('\n', "\r\n")
            .into_bytes();
        assert_eq!(dearmor(&crlf).unwrap(), b"hello world, this is age");
        let mut padded = b"\n  \n".to_vec();
        padded.extend(armored(b"x"));
        padded.extend(b"\n\n");
        assert_eq!(dearmor(&padded).unwrap(), b"x");
    }

    #[test]
    fn damage_is_an_error_never_a_panic() {
        let good = armored(&[7u8; 5000]);
        let text = String::from_utf8(good.clone()).unwrap();
        assert!(dearmor(&good[..good.len() / 2]).is_err(), "truncated");
        assert!(dearmor(text.replace("END", "EDN").as_bytes()).is_err());
        assert!(dearmor(format!("{text}trailing").as_bytes()).is_err());
        assert!(dearmor(text.replacen('A', "*", 1).as_bytes()).is_err());
        assert!(dearmor(b"").is_err());
        assert!(dearmor(b"not armor").is_err());
    }
}
