package importer

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// stateVersion is the version of the grant secret's JSON.
const stateVersion = 1

// state is an import connection's grant secret: what the next import needs
// to read a file of the same shape in one click and to recognise the
// connection's accounts. It holds no file name, no path and no full account
// number. The vault encrypts it like every grant.
type state struct {
	V int `json:"v"`
	// Preset is the preset that read the last CSV ("" for OFX or a mapping).
	Preset string `json:"preset,omitempty"`
	// Mapping is the column mapping saved for the connection's "other CSV"
	// files.
	Mapping *statement.Mapping `json:"mapping,omitempty"`
	// Currency is the currency chosen for files that name none.
	Currency string `json:"currency,omitempty"`
	// Unnamed is the account id rows of a file that names no account go to.
	Unnamed string `json:"unnamed,omitempty"`
	// Accounts are the connection's accounts as its files named them.
	Accounts []knownAccount `json:"accounts,omitempty"`
	// AsOf is the newest statement date imported (the app's DataAsOf).
	AsOf time.Time `json:"as_of,omitzero"`
	// Trades are the connection's trades, kept only for institutions whose
	// files hold no holdings (Spec.DeriveHoldings): holdings are summed from
	// them. Keyed by account id.
	Trades map[string][]trade `json:"trades,omitempty"`
}

// knownAccount is one account of the connection: its id (a hash) and
// masked number.
type knownAccount struct {
	ID       string `json:"id"`
	Number   string `json:"number,omitempty"` // masked, "••••1234"; "" for a file that names none
	Currency string `json:"currency,omitempty"`
}

// trade is a buy or sell kept to derive holdings.
type trade struct {
	ID       string            `json:"id"`
	Date     integrations.Date `json:"date"`
	Symbol   string            `json:"symbol"`
	Name     string            `json:"name,omitempty"`
	Units    decimal.Decimal   `json:"units"` // signed: a sale is negative
	Price    decimal.Decimal   `json:"price"`
	Currency string            `json:"currency"`
}

// decodeState reads a grant secret; an unreadable one gives an empty state
// (the connection's fingerprint still guards its identity).
func decodeState(b []byte) state {
	var s state
	if len(b) == 0 || json.Unmarshal(b, &s) != nil || s.V != stateVersion {
		return state{V: stateVersion}
	}
	return s
}

func (s state) encode() []byte {
	s.V = stateVersion
	b, _ := json.Marshal(s)
	return b
}

// known returns the known account with this id.
func (s state) known(id string) (knownAccount, bool) {
	i := slices.IndexFunc(s.Accounts, func(k knownAccount) bool { return k.ID == id })
	if i < 0 {
		return knownAccount{}, false
	}
	return s.Accounts[i], true
}

// named returns the accounts whose files name a number.
func (s state) named() []knownAccount {
	var out []knownAccount
	for _, k := range s.Accounts {
		if k.Number != "" {
			out = append(out, k)
		}
	}
	return out
}

// addAccount adds or updates a known account.
func (s *state) addAccount(k knownAccount) {
	for i := range s.Accounts {
		if s.Accounts[i].ID == k.ID {
			if k.Number != "" {
				s.Accounts[i].Number = k.Number
			}
			if k.Currency != "" {
				s.Accounts[i].Currency = k.Currency
			}
			return
		}
	}
	s.Accounts = append(s.Accounts, k)
}
