package integrations

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// AccountStatus is an Account's Status from an institution's word for it
// (any case): "open" for "active", "closed" for a word in closed (lower
// case), "unknown" when there is none, else the word in lower case.
func AccountStatus(word string, closed ...string) string {
	s := strings.ToLower(word)
	switch {
	case s == "active":
		return "open"
	case s == "":
		return "unknown"
	}
	for _, c := range closed {
		if s == c {
			return "closed"
		}
	}
	return s
}

// BySign is the type of an activity whose direction is its sign: in for a
// positive one, out for a negative one, ActivityOther for zero. The sign is
// the first of v that is not zero (the amount, then the units of a row
// without an amount).
func BySign(in, out ActivityType, v ...decimal.Decimal) ActivityType {
	for _, x := range v {
		switch {
		case x.IsPositive():
			return in
		case x.IsNegative():
			return out
		}
	}
	return ActivityOther
}

// RowIDs makes stable ids for the activities of an answer whose rows carry
// none: Prefix and a hash of the row's key (its fields that tell rows
// apart) and of how many rows with the same key came before it, so two
// identical rows keep two ids, the same on every read. The zero value with
// a Prefix is ready; one RowIDs serves one list.
type RowIDs struct {
	Prefix string
	seen   map[string]int
}

// ID is the id of the next row with key.
func (r *RowIDs) ID(key string) string {
	if r.seen == nil {
		r.seen = map[string]int{}
	}
	n := r.seen[key]
	r.seen[key] = n + 1
	h := sha256.Sum256([]byte(fmt.Sprint(key, "|", n)))
	return r.Prefix + hex.EncodeToString(h[:12])
}
