package brokertest

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// Dec is decimal.RequireFromString: a decimal written in a test's wanted
// values (Match, a fake's data).
func Dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// NullDec is a valid decimal.NullDecimal of s (Dec), for the optional
// fields of a test's wanted values (AverageCost, CostBasis, BuyingPower).
func NullDec(s string) decimal.NullDecimal { return decimal.NewNullDecimal(Dec(s)) }

var (
	decType     = reflect.TypeOf(decimal.Decimal{})
	nullDecType = reflect.TypeOf(decimal.NullDecimal{})
	timeType    = reflect.TypeOf(time.Time{})
)

// WantMapped checks a mapping of an institution's words (a type, a status,
// a code) to the app's over cases: name(key) must be each key's value.
func WantMapped[K, V comparable](t testing.TB, name string, mapped func(K) V, cases map[K]V) {
	t.Helper()
	for k, want := range cases {
		if got := mapped(k); got != want {
			t.Errorf("%s(%#v) = %#v, want %#v", name, k, got, want)
		}
	}
}

// Match fails t for each field of want that is set (not its zero value)
// and differs in got: a decoded row (an Activity, a Position, a Balance, an
// Account...) checked against the fields its fixture documents, with one
// failure naming what and the field. Decimals compare by value (a
// decimal.Decimal built from "0" is set, so Dec("0") checks for a zero; a
// NullDecimal wants a valid one), times with Equal, nested structs field by
// field, anything else with reflect.DeepEqual. A field left out of want is
// not checked: an empty string cannot be asked for this way.
func Match[T any](t testing.TB, what string, got, want T) {
	t.Helper()
	match(t, what, reflect.ValueOf(got), reflect.ValueOf(want))
}

func match(t testing.TB, where string, got, want reflect.Value) {
	t.Helper()
	switch {
	case want.Type() == decType:
		if w, g := want.Interface().(decimal.Decimal), got.Interface().(decimal.Decimal); !g.Equal(w) {
			t.Errorf("%s = %s, want %s", where, g, w)
		}
	case want.Type() == nullDecType:
		if w, g := want.Interface().(decimal.NullDecimal), got.Interface().(decimal.NullDecimal); !g.Valid || !g.Decimal.Equal(w.Decimal) {
			t.Errorf("%s = %v, want %s", where, g, w.Decimal)
		}
	case want.Type() == timeType:
		if w, g := want.Interface().(time.Time), got.Interface().(time.Time); !g.Equal(w) {
			t.Errorf("%s = %s, want %s", where, g, w)
		}
	case want.Kind() == reflect.Struct:
		for i := range want.NumField() {
			f := want.Type().Field(i)
			if !f.IsExported() || want.Field(i).IsZero() {
				continue
			}
			match(t, where+"."+f.Name, got.Field(i), want.Field(i))
		}
	default:
		if !reflect.DeepEqual(got.Interface(), want.Interface()) {
			t.Errorf("%s = %v, want %v", where, got.Interface(), want.Interface())
		}
	}
}

// StatusCase is an answer (its status and body), while logging in or
// after, and the sentinel an integration must make of it.
type StatusCase struct {
	Status int
	Body   []byte
	Login  bool
	Want   error
}

// WantStatuses checks an integration's status mapper over cases: each
// answer's error wraps its sentinel, and none quotes secret (text the
// bodies hold that must not reach the user; "" checks nothing).
func WantStatuses(t testing.TB, mapStatus func(status int, body []byte, login bool) error, secret string, cases ...StatusCase) {
	t.Helper()
	for _, c := range cases {
		err := mapStatus(c.Status, c.Body, c.Login)
		if !errors.Is(err, c.Want) {
			t.Errorf("HTTP %d %s login=%v: %v, want %v", c.Status, c.Body, c.Login, err, c.Want)
		}
		if err != nil && secret != "" && strings.Contains(err.Error(), secret) {
			t.Errorf("HTTP %d %s: error %q quotes the body", c.Status, c.Body, err)
		}
	}
}

// TypeCase is a row as an institution writes it, with the universal type
// it must map to: its raw type, a detail (a description, a sub-type), its
// side or direction, its signed cash amount and units (decimals as text,
// "" for none).
type TypeCase struct {
	Raw, Detail, Side string
	Amount, Units     string
	Want              integrations.ActivityType
}

// WantTypes checks an institution's activity types over cases; typeOf
// maps a case, its amount and units read as decimals (zero for "").
func WantTypes(t testing.TB, typeOf func(c TypeCase, amount, units decimal.Decimal) integrations.ActivityType, cases ...TypeCase) {
	t.Helper()
	read := func(s string) decimal.Decimal {
		if s == "" {
			return decimal.Zero
		}
		return Dec(s)
	}
	for _, c := range cases {
		if got := typeOf(c, read(c.Amount), read(c.Units)); got != c.Want {
			t.Errorf("%s %q %s amount %s units %s: %s, want %s", c.Raw, c.Detail, c.Side, c.Amount, c.Units, got, c.Want)
		}
	}
}
