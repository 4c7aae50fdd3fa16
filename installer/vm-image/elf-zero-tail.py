#!/usr/bin/env python3
"""Lets an ELF kernel's loadable segments end where their data does (build.sh, README.md).

usage: elf-zero-tail.py VMLINUX

The x86-64 vmlinux that Debian's vmlinuz carries stores its .bss, .brk and .init.scratch as file data:
its last loadable segment ends in some 23 MB of zeros. QEMU keeps a mapping of every segment's file data
to load again at a reset, and what it read at power-on stays in the host's memory as long as the VM runs.
For each PT_LOAD segment, p_filesz is lowered to the last nonzero byte, rounded up to 4 KiB; an ELF loader
fills the rest of p_memsz with zeros, so the guest sees the same memory. Only ELF64 little-endian files;
rewrites the program headers in place and prints what it saved.
"""
import struct
import sys

PT_LOAD = 1
PAGE = 4096


def main(path):
    with open(path, "r+b") as f:
        data = f.read()
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            sys.exit(f"{path}: not a 64-bit little-endian ELF file")
        phoff, = struct.unpack_from("<Q", data, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
        saved = 0
        for i in range(phnum):
            at = phoff + i * phentsize
            p_type, _flags, offset, _vaddr, _paddr, filesz, memsz, _align = struct.unpack_from("<IIQQQQQQ", data, at)
            if p_type != PT_LOAD or filesz == 0:
                continue
            used = len(data[offset:offset + filesz].rstrip(b"\0"))
            used = min(filesz, (used + PAGE - 1) // PAGE * PAGE)
            if used < filesz:
                f.seek(at + 32)
                f.write(struct.pack("<Q", used))
                saved += filesz - used
            assert used <= memsz
        print(f"{path}: {saved // (1024 * 1024)} MB of zeros left to the loader")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[2])
    main(sys.argv[1])
