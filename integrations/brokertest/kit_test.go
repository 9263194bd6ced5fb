package brokertest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// failures records what a helper reported instead of failing the test.
type failures struct {
	testing.TB
	msgs []string
}

func (f *failures) Helper()                   {}
func (f *failures) Errorf(s string, a ...any) { f.msgs = append(f.msgs, fmt.Sprintf(s, a...)) }
func (f *failures) Fatal(a ...any)            { f.msgs = append(f.msgs, fmt.Sprint(a...)) }
func (f *failures) Fatalf(s string, a ...any) { f.msgs = append(f.msgs, fmt.Sprintf(s, a...)) }

func TestFixtureAndEqualDecimal(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "testdata"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "testdata", "a.json"), []byte(`{"a":1}`), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	if b := Fixture(t, "a.json"); string(b) != `{"a":1}` {
		t.Errorf("Fixture = %q", b)
	}
	f := &failures{TB: t}
	Fixture(f, "missing.json")
	EqualDecimal(f, "price", decimal.RequireFromString("1.50"), "1.5")
	if len(f.msgs) != 1 {
		t.Fatalf("a missing fixture fails, an equal decimal passes: %q", f.msgs)
	}
	EqualDecimal(f, "price", decimal.RequireFromString("1.5"), "1.51")
	if len(f.msgs) != 2 {
		t.Fatalf("a different decimal fails: %q", f.msgs)
	}
}

func TestSaves(t *testing.T) {
	var s Saves
	if _, n := s.Last(); n != 0 {
		t.Fatal("nothing saved yet")
	}
	_ = s.Save(t.Context(), integrations.Grant{Fingerprint: "a"})
	_ = s.Save(t.Context(), integrations.Grant{Fingerprint: "b"})
	if g, n := s.Last(); n != 2 || g.Fingerprint != "b" {
		t.Fatalf("Last = %+v, %d", g, n)
	}
	all := s.All()
	if len(all) != 2 || all[0].Fingerprint != "a" || all[1].Fingerprint != "b" {
		t.Fatalf("All = %+v", all)
	}
	all[0].Fingerprint = "changed"
	if s.All()[0].Fingerprint != "a" {
		t.Error("All must return a copy")
	}
}

// formInt is an integration whose one login is a form checked against a key.
type formInt struct{}

func (formInt) Institution() integrations.Institution {
	return integrations.Institution{ID: "form", DisplayName: "Form", AuthMethods: []integrations.AuthMethod{
		{Kind: integrations.AuthAPIKey, Fields: []integrations.Field{{Name: "key"}}}}}
}

func (in formInt) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return integrations.StartFormLogin(in.Institution(), "Form", integrations.AuthAPIKey, req,
		func(_ context.Context, _ integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
			if v["key"] != "k1" {
				return nil, integrations.ErrInvalidCredentials
			}
			return &integrations.DoneStep{}, nil
		})
}

func (formInt) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return nil, integrations.ErrNotSupported
}

func TestPlayLogin(t *testing.T) {
	req := integrations.LoginRequest{Method: integrations.AuthAPIKey}
	req.Values = map[string]string{"key": "k1"}
	if done, err := PlayLogin(t, formInt{}, req, nil, nil); err != nil || done == nil {
		t.Fatalf("values answered by AutoAnswer: %v %v", done, err)
	}
	req.Values = nil
	answer := func(context.Context, Fake, integrations.Step) (integrations.Answer, error) {
		return integrations.Answer{Values: map[string]string{"key": "k1"}}, nil
	}
	if done, err := PlayLogin(t, formInt{}, req, nil, answer); err != nil || done == nil {
		t.Fatalf("an answer func: %v %v", done, err)
	}
	wrong := func(context.Context, Fake, integrations.Step) (integrations.Answer, error) {
		return integrations.Answer{Values: map[string]string{"key": "nope"}}, nil
	}
	if _, err := PlayLogin(t, formInt{}, req, nil, wrong); err == nil {
		t.Fatal("a login that never ends must fail")
	}
	if _, err := PlayLogin(t, formInt{}, integrations.LoginRequest{Method: integrations.AuthOAuth2}, nil, answer); err == nil {
		t.Fatal("a method the integration lacks must fail")
	}
}

func TestCountRows(t *testing.T) {
	rows := func(i int) (string, int, int) { return []string{"a", "b"}[i], 10 + i, 20 + i }
	for _, c := range []struct {
		list List
		id   string
		want int
	}{
		{ListAccounts, "", 2}, {ListPositions, "a", 10}, {ListActivities, "b", 21}, {ListPositions, "c", 0},
	} {
		if got := CountRows(c.list, c.id, 2, rows); got != c.want {
			t.Errorf("CountRows(%v, %q) = %d, want %d", c.list, c.id, got, c.want)
		}
	}
}

// clientInt is formInt whose grants make a (do-nothing) client.
type clientInt struct{ formInt }

type stubClient struct{ integrations.Client }

func (clientInt) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return stubClient{}, nil
}

func TestLoginOnceAndConnect(t *testing.T) {
	req := integrations.LoginRequest{Method: integrations.AuthAPIKey, Values: map[string]string{"key": "k1"}}
	if done, err := LoginOnce(t, formInt{}, req); err != nil || done == nil {
		t.Fatalf("a form answered by its values: %v %v", done, err)
	}
	bad := req
	bad.Values = map[string]string{"key": "nope"}
	if done, err := LoginOnce(t, formInt{}, bad); !errors.Is(err, integrations.ErrInvalidCredentials) || done != nil {
		t.Fatalf("a wrong key: %v %v", done, err)
	}
	f := &failures{TB: t}
	LoginOnce(f, formInt{}, integrations.LoginRequest{Method: integrations.AuthAPIKey})
	if len(f.msgs) != 1 || !strings.Contains(f.msgs[0], "FormStep") {
		t.Fatalf("a login that asks for more fails: %q", f.msgs)
	}
	f = &failures{TB: t}
	LoginOnce(f, formInt{}, integrations.LoginRequest{Method: integrations.AuthOAuth2})
	if len(f.msgs) != 1 {
		t.Fatalf("a login that does not start fails: %q", f.msgs)
	}
	if c := Connect(t, clientInt{}, req, nil); c == nil {
		t.Fatal("Connect returned no client")
	}
	f = &failures{TB: t}
	Connect(f, formInt{}, req, nil)
	Connect(f, clientInt{}, bad, nil)
	if len(f.msgs) != 2 || !strings.HasPrefix(f.msgs[0], "client:") || !strings.HasPrefix(f.msgs[1], "login:") {
		t.Fatalf("a client or a login that fails fails: %q", f.msgs)
	}
}

func TestFirstStep(t *testing.T) {
	lg, st, err := FirstStep(t, formInt{}, integrations.LoginRequest{Method: integrations.AuthAPIKey})
	form, ok := st.(*integrations.FormStep)
	if err != nil || !ok || len(form.Fields) != 1 {
		t.Fatalf("first step %T %v, want the form", st, err)
	}
	if st, err := lg.Next(t.Context(), integrations.Answer{Values: map[string]string{"key": "k1"}}); err != nil {
		t.Fatalf("the login goes on: %T %v", st, err)
	}
	if _, st, err := FirstStep(t, formInt{}, integrations.LoginRequest{Method: integrations.AuthAPIKey,
		Values: map[string]string{"key": "nope"}}); !errors.Is(err, integrations.ErrInvalidCredentials) || st == nil {
		t.Fatalf("a refused first step: %T %v", st, err)
	}
	f := &failures{TB: t}
	FirstStep(f, formInt{}, integrations.LoginRequest{Method: integrations.AuthOAuth2})
	if len(f.msgs) != 1 {
		t.Fatalf("a login that does not start fails: %q", f.msgs)
	}
}

func TestVariantAndFreePort(t *testing.T) {
	vs := []integrations.Integration{formInt{}, clientInt{}}
	if in := Variant(t, vs, "form"); in != vs[0] {
		t.Fatalf("Variant = %v", in)
	}
	f := &failures{TB: t}
	if in := Variant(f, vs, "nope"); in != nil || len(f.msgs) != 1 {
		t.Fatalf("an unknown id fails: %v %q", in, f.msgs)
	}
	p := FreePort(t)
	ln, err := net.Listen("tcp4", fmt.Sprintf("127.0.0.1:%d", p))
	if err != nil {
		t.Fatalf("port %d is not free: %v", p, err)
	}
	ln.Close()
}
