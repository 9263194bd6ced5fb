package tiger

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// StartLogin begins the key login: one form, checked with one call.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return integrations.StartFormLogin(in.Institution(), "Tiger Brokers", integrations.AuthAPIKey, req, in.validate)
}

// deviceID is a random id for the device_id parameter (the SDK sends the
// machine's MAC address; Latchkey sends nothing that identifies it).
func deviceID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// validate checks the typed values with one accounts call and returns the
// grant.
func (in *Integration) validate(ctx context.Context, env integrations.Env, vals map[string]string) (*integrations.DoneStep, error) {
	sec := secret{TigerID: strings.TrimSpace(vals[fieldTigerID]), PrivateKey: vals[fieldPrivateKey], DeviceID: deviceID()}
	if sec.TigerID == "" || strings.Trim(sec.TigerID, "0123456789") != "" {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the Tiger ID is the number on Tiger's developer page")
	}
	key, err := parseKey(sec.PrivateKey)
	if err != nil {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials,
			"the private key could not be read: paste the private_key_pk1 value or a PEM \"RSA PRIVATE KEY\" block")
	}
	var expiry time.Time
	if in.hk {
		sec.Token = strings.TrimPrefix(strings.TrimSpace(vals[fieldToken]), "token=")
		_, exp, ok := tokenTimes(sec.Token)
		switch {
		case !ok:
			return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the token could not be read: paste the token=… value of tiger_openapi_token.properties")
		case !env.Time().Before(exp):
			return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the token has expired: make a new one on Tiger's developer page")
		}
		expiry = exp
	}
	c := &caller{api: newAPI(env, true), key: key, hk: in.hk, now: env.Time, red: httpx.RedactorOf(env.HTTP), form: true}
	c.red.Add(sec.Token)
	data, err := c.call(ctx, sec, "accounts", map[string]any{})
	if err != nil {
		return nil, err
	}
	profiles, err := decodeAccounts(data)
	if err != nil {
		return nil, err
	}
	if len(profiles) == 0 {
		return nil, integrations.Wrap(integrations.ErrNoAccounts, "this Tiger ID has no standard account Latchkey can read (paper and global accounts are left out)")
	}
	numbers := make([]string, 0, len(profiles))
	accts := make([]integrations.Account, 0, len(profiles))
	for _, p := range profiles {
		c.red.Add(p.number)
		// The account's base currency is its assets' (their first segment).
		data, err := c.call(ctx, sec, "prime_assets", map[string]any{"account": p.number, "consolidated": true})
		if err != nil {
			return nil, err
		}
		bal, _, err := decodeAssets(data)
		if err != nil {
			return nil, err
		}
		numbers = append(numbers, p.number)
		accts = append(accts, p.account(in.id(), bal[0].Currency))
	}
	return integrations.Done(ID, integrations.AuthAPIKey, sec.encode(), accts, numbers...).Until(expiry), nil
}
