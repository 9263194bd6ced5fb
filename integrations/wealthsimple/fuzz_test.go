package wealthsimple

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds every GraphQL data decoder arbitrary bytes: none may
// panic, and every failure is ErrUnavailable.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"activityFeedItems":{"edges":[{"node":{"amount":"1e999999","occurredAt":"x"}}]}}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"errors":[{"message":"Not Authorized."}]}`))
	f.Add([]byte(`{"message":"Not Authorized."}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(what string, err error) { brokertest.WantNilOr(t, what, err, integrations.ErrUnavailable) }
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
		_, err = decodeGraphQL(b, "Op")
		brokertest.WantNilOr(t, "graphql", err, integrations.ErrUnavailable, integrations.ErrReauthRequired)
	})
}
