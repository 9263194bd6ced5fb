//go:build amd64 && !purego

#include "textflag.h"

// Byte shuffles that rotate each 64-bit lane right by 24 and by 16 bits.
DATA rot24<>+0x00(SB)/8, $0x0201000706050403
DATA rot24<>+0x08(SB)/8, $0x0a09080f0e0d0c0b
DATA rot24<>+0x10(SB)/8, $0x0201000706050403
DATA rot24<>+0x18(SB)/8, $0x0a09080f0e0d0c0b
GLOBL rot24<>(SB), (NOPTR+RODATA), $32

DATA rot16<>+0x00(SB)/8, $0x0100070605040302
DATA rot16<>+0x08(SB)/8, $0x09080f0e0d0c0b0a
DATA rot16<>+0x10(SB)/8, $0x0100070605040302
DATA rot16<>+0x18(SB)/8, $0x09080f0e0d0c0b0a
GLOBL rot16<>(SB), (NOPTR+RODATA), $32

// a += b + 2·lo(a)·lo(b), in each 64-bit lane; t is clobbered.
#define MULADD(a, b, t) \
	VPMULUDQ b, a, t; \
	VPADDQ   t, t, t; \
	VPADDQ   b, a, a; \
	VPADDQ   t, a, a

// GB on the four lanes of (a, b, c, d), for two independent quadruples.
#define GB2(a0, b0, c0, d0, a1, b1, c1, d1) \
	MULADD(a0, b0, Y8); \
	MULADD(a1, b1, Y9); \
	VPXOR    a0, d0, d0; \
	VPXOR    a1, d1, d1; \
	VPSHUFD  $0xb1, d0, d0; \
	VPSHUFD  $0xb1, d1, d1; \
	MULADD(c0, d0, Y8); \
	MULADD(c1, d1, Y9); \
	VPXOR    c0, b0, b0; \
	VPXOR    c1, b1, b1; \
	VPSHUFB  Y14, b0, b0; \
	VPSHUFB  Y14, b1, b1; \
	MULADD(a0, b0, Y8); \
	MULADD(a1, b1, Y9); \
	VPXOR    a0, d0, d0; \
	VPXOR    a1, d1, d1; \
	VPSHUFB  Y15, d0, d0; \
	VPSHUFB  Y15, d1, d1; \
	MULADD(c0, d0, Y8); \
	MULADD(c1, d1, Y9); \
	VPXOR    c0, b0, b0; \
	VPXOR    c1, b1, b1; \
	VPADDQ   b0, b0, Y8; \
	VPADDQ   b1, b1, Y9; \
	VPSRLQ   $63, b0, b0; \
	VPSRLQ   $63, b1, b1; \
	VPXOR    Y8, b0, b0; \
	VPXOR    Y9, b1, b1

// Rotate rows b, c, d left by one, two and three lanes (diagonals become
// columns), and back.
#define DIAG(b, c, d) \
	VPERMQ $0x39, b, b; \
	VPERMQ $0x4e, c, c; \
	VPERMQ $0x93, d, d

#define UNDIAG(b, c, d) \
	VPERMQ $0x93, b, b; \
	VPERMQ $0x4e, c, c; \
	VPERMQ $0x39, d, d

// Two permutations P: (Y0..Y3) and (Y4..Y7).
#define PERMUTE2 \
	GB2(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7); \
	DIAG(Y1, Y2, Y3); \
	DIAG(Y5, Y6, Y7); \
	GB2(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7); \
	UNDIAG(Y1, Y2, Y3); \
	UNDIAG(Y5, Y6, Y7)

// R[off] = prev[off] ^ ref[off] into reg, stored in scratch[0].
#define LOADXOR(off, reg) \
	VMOVDQU off(AX)(R9*1), reg; \
	VPXOR   off(BX)(R9*1), reg, reg; \
	VMOVDQU reg, off(DX)(R9*1)

// Two 16-byte registers of a column (128 bytes apart) into one ymm.
#define LOADCOL(off, off2, reg, xreg) \
	VMOVDQU     off(SI)(R9*1), xreg; \
	VINSERTI128 $1, off2(SI)(R9*1), reg, reg

#define STORECOL(off, off2, reg, xreg) \
	VMOVDQU      xreg, off(SI)(R9*1); \
	VEXTRACTI128 $1, reg, off2(SI)(R9*1)

// func fillBlockAVX2(prev, ref, next *block, scratch *[2]block, xor bool)
TEXT ·fillBlockAVX2(SB), NOSPLIT, $0-33
	MOVQ    prev+0(FP), AX
	MOVQ    ref+8(FP), BX
	MOVQ    next+16(FP), CX
	MOVQ    scratch+24(FP), DX // R at 0(DX), Q at 1024(DX)
	MOVBLZX xor+32(FP), R8
	LEAQ    1024(DX), SI
	VMOVDQU rot24<>(SB), Y14
	VMOVDQU rot16<>(SB), Y15

	// Rows: two rows (256 bytes) per iteration.
	XORQ R9, R9

rows:
	LOADXOR(0, Y0)
	LOADXOR(32, Y1)
	LOADXOR(64, Y2)
	LOADXOR(96, Y3)
	LOADXOR(128, Y4)
	LOADXOR(160, Y5)
	LOADXOR(192, Y6)
	LOADXOR(224, Y7)
	PERMUTE2
	VMOVDQU Y0, 0(SI)(R9*1)
	VMOVDQU Y1, 32(SI)(R9*1)
	VMOVDQU Y2, 64(SI)(R9*1)
	VMOVDQU Y3, 96(SI)(R9*1)
	VMOVDQU Y4, 128(SI)(R9*1)
	VMOVDQU Y5, 160(SI)(R9*1)
	VMOVDQU Y6, 192(SI)(R9*1)
	VMOVDQU Y7, 224(SI)(R9*1)
	ADDQ    $256, R9
	CMPQ    R9, $1024
	JB      rows

	// Columns: two columns (registers i and i+1, 16 bytes apart) per iteration.
	XORQ R9, R9

cols:
	LOADCOL(0, 128, Y0, X0)
	LOADCOL(256, 384, Y1, X1)
	LOADCOL(512, 640, Y2, X2)
	LOADCOL(768, 896, Y3, X3)
	LOADCOL(16, 144, Y4, X4)
	LOADCOL(272, 400, Y5, X5)
	LOADCOL(528, 656, Y6, X6)
	LOADCOL(784, 912, Y7, X7)
	PERMUTE2
	STORECOL(0, 128, Y0, X0)
	STORECOL(256, 384, Y1, X1)
	STORECOL(512, 640, Y2, X2)
	STORECOL(768, 896, Y3, X3)
	STORECOL(16, 144, Y4, X4)
	STORECOL(272, 400, Y5, X5)
	STORECOL(528, 656, Y6, X6)
	STORECOL(784, 912, Y7, X7)
	ADDQ $32, R9
	CMPQ R9, $128
	JB   cols

	// next = Q ^ R, or next ^= Q ^ R.
	XORQ  R9, R9
	TESTQ R8, R8
	JNZ   finalxor

final:
	VMOVDQU 0(SI)(R9*1), Y0
	VMOVDQU 32(SI)(R9*1), Y1
	VMOVDQU 64(SI)(R9*1), Y2
	VMOVDQU 96(SI)(R9*1), Y3
	VPXOR   0(DX)(R9*1), Y0, Y0
	VPXOR   32(DX)(R9*1), Y1, Y1
	VPXOR   64(DX)(R9*1), Y2, Y2
	VPXOR   96(DX)(R9*1), Y3, Y3
	VMOVDQU Y0, 0(CX)(R9*1)
	VMOVDQU Y1, 32(CX)(R9*1)
	VMOVDQU Y2, 64(CX)(R9*1)
	VMOVDQU Y3, 96(CX)(R9*1)
	ADDQ    $128, R9
	CMPQ    R9, $1024
	JB      final
	VZEROUPPER
	RET

finalxor:
	VMOVDQU 0(SI)(R9*1), Y0
	VMOVDQU 32(SI)(R9*1), Y1
	VMOVDQU 64(SI)(R9*1), Y2
	VMOVDQU 96(SI)(R9*1), Y3
	VPXOR   0(DX)(R9*1), Y0, Y0
	VPXOR   32(DX)(R9*1), Y1, Y1
	VPXOR   64(DX)(R9*1), Y2, Y2
	VPXOR   96(DX)(R9*1), Y3, Y3
	VPXOR   0(CX)(R9*1), Y0, Y0
	VPXOR   32(CX)(R9*1), Y1, Y1
	VPXOR   64(CX)(R9*1), Y2, Y2
	VPXOR   96(CX)(R9*1), Y3, Y3
	VMOVDQU Y0, 0(CX)(R9*1)
	VMOVDQU Y1, 32(CX)(R9*1)
	VMOVDQU Y2, 64(CX)(R9*1)
	VMOVDQU Y3, 96(CX)(R9*1)
	ADDQ    $128, R9
	CMPQ    R9, $1024
	JB      finalxor
	VZEROUPPER
	RET
