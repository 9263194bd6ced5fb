// Package argon2 is the vault's Argon2 (RFC 9106, version 0x13): Argon2d,
// Argon2i and Argon2id with optional secret and associated data, written
// from the RFC (sections 3.1–3.6), not from another implementation.
//
// What it does differently from golang.org/x/crypto/argon2, and why the vault
// uses it (see vault/doc.go, "Key derivation"):
//
//   - Memory is taken with mmap outside the Go heap and unmapped before Key
//     returns (mem_unix.go), so the resident set falls back at once.
//   - The first pass writes every block without reading it first, so each
//     page of that memory is faulted in once (x/crypto XORs into untouched
//     blocks: a read fault, then a copy-on-write fault per page).
//   - Key takes a context, checked every 2048 blocks per lane and after every
//     slice, and a progress callback called after every slice.
//   - The compression function has an AVX2 version (block_amd64.s): each
//     permutation's sixteen words are four ymm registers, two permutations
//     are interleaved, rotations by 32, 24 and 16 bits are shuffles.
//
// Tests: RFC 9106 section 5's three vectors (on both compression
// functions), agreement with x/crypto's Argon2i and Argon2id over random
// parameters, a differential fuzz test against x/crypto
// (FuzzMatchesXCrypto), block-by-block agreement of the AVX2 and Go
// compression functions, cancellation and progress, and (Linux) page faults
// and the resident set around a 64 MiB derivation.
package argon2
