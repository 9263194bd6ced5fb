package app

import (
	"encoding/json"
	"reflect"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/internal/decfmt"
)

// activityFields is the number of fields appendActivities writes: should
// integrations.Activity grow one, it falls back to encoding/json rather
// than drop it (and TestActivitiesJSON fails).
const activityFields = 12

var activityFieldsNow = reflect.TypeFor[integrations.Activity]().NumField()

// appendActivities appends the JSON array of rows to dst, byte for byte what
// json.Marshal writes for them, at a fraction of its cost: an import writes
// hundreds of thousands of activities in one go.
func appendActivities(dst []byte, rows []*integrations.Activity) ([]byte, error) {
	if activityFieldsNow != activityFields || !decimal.TrimTrailingZeros || decimal.UseScientificNotation || decimal.MarshalJSONWithoutQuotes {
		list := make([]integrations.Activity, len(rows))
		for i, r := range rows {
			list[i] = *r
		}
		b, err := json.Marshal(list)
		if err != nil {
			return dst, err
		}
		dst = append(dst, b...)
		wipe(b)
		return dst, nil
	}
	dst = append(dst, '[')
	for i, a := range rows {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"id":`...)
		dst = appendJSONString(dst, a.ID)
		dst = append(dst, `,"type":`...)
		dst = appendJSONString(dst, string(a.Type))
		dst = append(dst, `,"raw_type":`...)
		dst = appendJSONString(dst, a.RawType)
		dst = append(dst, `,"trade_date":`...)
		dst = appendJSONString(dst, string(a.TradeDate))
		if a.SettlementDate != "" {
			dst = append(dst, `,"settlement_date":`...)
			dst = appendJSONString(dst, string(a.SettlementDate))
		}
		if a.Symbol != "" {
			dst = append(dst, `,"symbol":`...)
			dst = appendJSONString(dst, a.Symbol)
		}
		dst = append(dst, `,"units":"`...)
		dst = decfmt.Append(dst, a.Units)
		dst = append(dst, `","price":"`...)
		dst = decfmt.Append(dst, a.Price)
		dst = append(dst, `","amount":"`...)
		dst = decfmt.Append(dst, a.Amount)
		dst = append(dst, `","fee":"`...)
		dst = decfmt.Append(dst, a.Fee)
		dst = append(dst, `","currency":`...)
		dst = appendJSONString(dst, a.Currency)
		dst = append(dst, `,"description":`...)
		dst = appendJSONString(dst, a.Description)
		dst = append(dst, '}')
	}
	return append(dst, ']'), nil
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as encoding/json quotes it: HTML characters,
// controls, U+2028 and U+2029 escaped, invalid UTF-8 as \ufffd.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
