package cryptokit

import (
	"context"
	"errors"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

func TestInstitutionAndKeyForm(t *testing.T) {
	in := Institution("ex", "Ex", "Ex Pro", "global", "https://ex.example", "Connect Ex.", "https://api.ex.example",
		integrations.AuthMethod{Label: "API key", Fields: KeyFields("https://ex.example/keys", "The key.", "API secret", "The secret.")})
	if in.ID != "ex" || in.Kind != integrations.KindCryptoExchange || in.Monogram != "ex" || in.RateScope != integrations.RateScopeGrant ||
		len(in.Endpoints) != 1 || in.Endpoints[0].Name != "api" || in.Endpoints[0].URL != "https://api.ex.example" || len(in.Capabilities) != 3 {
		t.Fatalf("institution %+v", in)
	}
	m, ok := in.Method(integrations.AuthAPIKey)
	if !ok || len(m.Fields) != 2 || m.Fields[0].Name != FieldKey || m.Fields[1].Name != FieldSecret ||
		m.Fields[1].Kind != integrations.FieldSecret || m.Fields[1].Label != "API secret" {
		t.Fatalf("method %+v", m)
	}

	var got KeyPair
	validate := func(_ context.Context, _ integrations.Env, k KeyPair) (*integrations.DoneStep, error) {
		got = k
		return KeyDone("ex", "owner-1", k.Encode(), integrations.Account{ID: "spot"}), nil
	}
	if _, err := PairLogin(in, "Ex", integrations.LoginRequest{Method: integrations.AuthOAuth2}, validate); !errors.Is(err, integrations.ErrNotSupported) {
		t.Fatalf("another method: %v", err)
	}
	l, err := PairLogin(in, "Ex", integrations.LoginRequest{Method: integrations.AuthAPIKey}, validate)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := l.Next(ctx, integrations.Answer{}); err != nil {
		t.Fatal(err)
	}
	step, err := l.Next(ctx, integrations.Answer{Values: map[string]string{FieldKey: "k1", FieldSecret: "s1"}})
	if err != nil {
		t.Fatal(err)
	}
	done, ok := step.(*integrations.DoneStep)
	if !ok || got != (KeyPair{Key: "k1", Secret: "s1"}) || done.Grant.Method != integrations.AuthAPIKey ||
		done.Grant.Fingerprint != integrations.Fingerprint("ex", "owner-1") || len(done.Accounts) != 1 || !done.Grant.Expiry.IsZero() {
		t.Fatalf("done %+v (pair %+v)", step, got)
	}
	k, err := DecodeKeyPair(done.Grant.Secret, "Ex")
	if err != nil || k != got {
		t.Fatalf("decoded %+v, %v", k, err)
	}
	if _, err := DecodeKeyPair(KeyPair{Key: "k1"}.Encode(), "Ex"); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("half a pair: %v", err)
	}
}

func TestSigningForm(t *testing.T) {
	fields := SigningFields(integrations.Field{Label: "API key name", Placeholder: "organizations/…"},
		integrations.Field{Help: "The private key shown once."})
	if len(fields) != 2 {
		t.Fatalf("fields %+v", fields)
	}
	key, priv := fields[0], fields[1]
	if key.Name != FieldKey || key.Kind != integrations.FieldText || key.Label != "API key name" || key.Placeholder != "organizations/…" {
		t.Errorf("key field %+v", key)
	}
	if priv.Name != FieldPrivateKey || priv.Kind != integrations.FieldSecret || !priv.Multiline || priv.Label != "Private key" ||
		priv.Help != "The private key shown once." {
		t.Errorf("private key field %+v", priv)
	}
	if f := SigningFields(integrations.Field{}, integrations.Field{Label: "Ed25519 seed"}); f[1].Label != "Ed25519 seed" {
		t.Errorf("own label replaced: %+v", f[1])
	}

	in := Institution("ex", "Ex", "Ex", "US", "", "", "https://api.ex.example", integrations.AuthMethod{Label: "Signing key", Fields: fields})
	var gotKey, gotPriv string
	validate := func(_ context.Context, _ integrations.Env, k, p string) (*integrations.DoneStep, error) {
		gotKey, gotPriv = k, p
		return KeyDone("ex", "owner-1", []byte("{}"), integrations.Account{ID: "spot"}), nil
	}
	if _, err := SigningLogin(in, "Ex", integrations.LoginRequest{Method: integrations.AuthToken}, validate); !errors.Is(err, integrations.ErrNotSupported) {
		t.Fatalf("another method: %v", err)
	}
	// The form pre-filled with the key and the private key ends at once.
	l, err := SigningLogin(in, "Ex", integrations.LoginRequest{Method: integrations.AuthAPIKey,
		Values: map[string]string{FieldKey: "k1", FieldPrivateKey: "-----BEGIN…"}}, validate)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if step, err := l.Next(context.Background(), integrations.Answer{}); err != nil || gotKey != "k1" || gotPriv != "-----BEGIN…" {
		t.Fatalf("done %+v, %v (key %q, private %q)", step, err, gotKey, gotPriv)
	} else if _, ok := step.(*integrations.DoneStep); !ok {
		t.Fatalf("pre-filled: %T", step)
	}
}
