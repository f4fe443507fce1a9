//! concord's own memory TSV layout, parse-only. The `# concord memory` marker line is put in
//! front of the input, so that every run is read by the rules of that layout (escapes, `<lang>
//! markup` columns) rather than finding the plain-pairs path first.
#![no_main]

use libfuzzer_sys::fuzz_target;

use concord::formats::{MemoryFormat, ReadOptions};

/// The first line `tm export --format tsv` writes.
const MARKER: &[u8] = b"# concord memory: TSV cells escape TAB, LF, CR and backslash as \\t \\n \\r \\\\; a column named <lang> markup holds TMX inline markup\n";

fuzz_target!(|data: &[u8]| {
    let mut file = MARKER.to_vec();
    file.extend_from_slice(data);
    concord_fuzz::read_memory(MemoryFormat::Tsv, &file, &ReadOptions::default());
});
