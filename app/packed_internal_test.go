package app

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/internal/apptest"
	"github.com/latchkey/latchkey/vault"
)

// TestPackedChunks: an import writes its month chunks packed, smaller than
// their JSON; chunks written as plain JSON (by syncs, or before packing)
// still read, and an import merges into them; a damaged packed record is an
// error, not a panic or a partial read.
func TestPackedChunks(t *testing.T) {
	ctx := t.Context()
	v := apptest.Vault(t, "")
	const bucket, key = "cache/c1", "acct"
	act := func(day int, id string) integrations.Activity {
		return integrations.Activity{ID: id, Type: integrations.ActivityBuy, RawType: "YOU BOUGHT", TradeDate: integrations.Date(fmt.Sprintf("2026-01-%02d", day)),
			Symbol: "VTI", Units: decimal.NewFromInt(int64(day)), Price: decimal.RequireFromString("290.10"), Amount: decimal.NewFromInt(-290 * int64(day)), Currency: "USD"}
	}
	// A plain chunk, as a sync writes it.
	err := v.Update(ctx, func(tx *vault.Tx) error {
		return txPutJSON(tx, bucket, "activities/"+key+"/2026-01", []integrations.Activity{act(2, "a"), act(3, "b")})
	})
	if err != nil {
		t.Fatal(err)
	}
	var in []integrations.Activity
	for d := 1; d <= 28; d++ {
		in = append(in, act(d, fmt.Sprintf("id%02d", d)))
	}
	in = append(in, act(3, "b")) // known
	var added, known int
	noted := map[string]int{}
	note := func(m string, rows []*integrations.Activity) { noted[m] = len(rows) }
	err = v.Update(ctx, func(tx *vault.Tx) error {
		added, known, err = countAndUpsert(tx, bucket, key, in, note)
		return err
	})
	if err != nil || added != 28 || known != 1 {
		t.Fatalf("countAndUpsert: %d added, %d known, %v", added, known, err)
	}
	if len(noted) != 1 || noted["2026-01"] != 30 {
		t.Fatalf("months noted for the portfolio: %v, want 2026-01 with its 30 rows", noted)
	}
	var raw []byte
	var got []integrations.Activity
	err = v.View(ctx, func(tx *vault.Tx) error {
		buf, err := tx.Get(bucket, "activities/"+key+"/2026-01")
		if err != nil {
			return err
		}
		raw = bytes.Clone(buf.Bytes())
		buf.Destroy()
		return txGetJSON(tx, bucket, "activities/"+key+"/2026-01", &got)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !packed(raw) {
		t.Fatal("the import's chunk is not packed")
	}
	if len(got) != 30 || got[0].ID != "id01" || got[len(got)-1].ID != "id28" {
		t.Fatalf("read back %d activities: first %q, last %q", len(got), got[0].ID, got[len(got)-1].ID)
	}
	plain, _ := appendActivities(nil, ptrs(got))
	if len(raw)*2 > len(plain) {
		t.Errorf("packed %d bytes, JSON %d", len(raw), len(plain))
	}
	// Damage: a flipped byte in the compressed data, a truncated record, a
	// lying size.
	for name, b := range map[string][]byte{
		"flipped":   flip(raw, len(raw)/2),
		"truncated": raw[:len(raw)-6],
		"size":      append(bytes.Clone(raw[:len(raw)-4]), 0xff, 0xff, 0xff, 0x7f),
	} {
		if p, err := unpack(b); err == nil && bytes.Equal(p, plain) {
			t.Errorf("%s: read as the original", name)
		} else if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func ptrs(acts []integrations.Activity) []*integrations.Activity {
	out := make([]*integrations.Activity, len(acts))
	for i := range acts {
		out[i] = &acts[i]
	}
	return out
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x55
	return c
}
