package winetest

import (
	"sync"
	"syscall"
)

var underWine = sync.OnceValue(func() bool {
	return syscall.NewLazyDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
})
