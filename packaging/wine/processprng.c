/*
 * bcryptprimitives.dll for Wine prefixes whose Wine lacks ProcessPrng
 * (Debian's Wine 8.0). Go 1.22+ loads ProcessPrng from system32 at start and
 * aborts with "bcryptprimitives.dll not found" without it. This exports the one
 * function, on top of advapi32's RtlGenRandom (SystemFunction036), which Wine
 * implements. Test-only: prefix.sh copies it into a throwaway WINEPREFIX; it is
 * never shipped.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
