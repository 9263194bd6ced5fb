package wealthsimple

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// FuzzDecoders feeds every GraphQL data decoder arbitrary bytes: none may
// panic, and every failure is ErrUnavailable.
func FuzzDecoders(f *testing.F) {
	for _, name := range []string{"accounts.json", "balances.json", "positions.json", "activities.json"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"activityFeedItems":{"edges":[{"node":{"amount":"1e999999","occurredAt":"x"}}]}}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"errors":[{"message":"Not Authorized."}]}`))
	f.Add([]byte(`{"message":"Not Authorized."}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(what string, err error) {
			if err != nil && !errors.Is(err, integrations.ErrUnavailable) {
				t.Errorf("%s: %v is not ErrUnavailable", what, err)
			}
		}
		_, _, err := decodeAccounts(b)
		check("accounts", err)
		_, _, err = decodeCash(b, "non-registered-hf6d91x0")
		check("cash", err)
		_, _, err = decodePositions(b, time.Time{})
		check("positions", err)
		_, _, err = decodeActivities(b)
		check("activities", err)
		// A GraphQL answer: data, or a refusal that reads as a dead
		// token (a refresh may cure it), or ErrUnavailable.
		if _, err := decodeGraphQL(b, "Op"); err != nil && !errors.Is(err, integrations.ErrUnavailable) && !errors.Is(err, integrations.ErrReauthRequired) {
			t.Errorf("graphql: %v", err)
		}
	})
}
