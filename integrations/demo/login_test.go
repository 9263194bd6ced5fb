package demo

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

func TestCredentialScenarios(t *testing.T) {
	r := newRig(t, Options{})
	tests := []struct {
		user, pass string
		want       error
		life       time.Duration
		sameStep   bool // the FormStep comes back with the error
	}{
		{user: "user_good", life: defaultGrantLife},
		{user: "USER_GOOD ", life: defaultGrantLife},
		{user: "user_expiring", life: 3 * 24 * time.Hour},
		{user: "user_expire_fast", life: 60 * time.Second},
		{user: "user_good", pass: "pass_bad", want: integrations.ErrInvalidCredentials, sameStep: true},
		{user: "user_nobody", want: integrations.ErrInvalidCredentials, sameStep: true},
		{user: "user_locked", want: integrations.ErrAccountLocked},
		{user: "user_locked", pass: "wrong", want: integrations.ErrInvalidCredentials, sameStep: true},
		{user: "user_rate_limited", want: integrations.ErrRateLimited},
		{user: "user_maintenance", want: integrations.ErrUnavailable},
	}
	for _, tc := range tests {
		t.Run(tc.user+"/"+tc.pass, func(t *testing.T) {
			pass := tc.pass
			if pass == "" {
				pass = GoodPassword
			}
			d, step, err := r.login(t, r.broker, integrations.AuthCredentials, map[string]string{"username": tc.user, "password": pass}, nil)
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Fatalf("err = %v, want %v", err, tc.want)
				}
				if _, isForm := step.(*integrations.FormStep); isForm != tc.sameStep {
					t.Errorf("step with the error = %T, want the FormStep: %v", step, tc.sameStep)
				}
				if strings.Contains(err.Error(), pass) {
					t.Errorf("error %q holds the password", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Grant.Expiry.Sub(t0); got != tc.life {
				t.Errorf("grant expiry in %s, want %s", got, tc.life)
			}
			if d.Grant.Method != integrations.AuthCredentials {
				t.Errorf("method %q", d.Grant.Method)
			}
			want := integrations.Fingerprint(ID, userID(strings.ToLower(strings.TrimSpace(tc.user))))
			if d.Grant.Fingerprint != want {
				t.Errorf("fingerprint %s, want %s", d.Grant.Fingerprint, want)
			}
			if len(d.Accounts) != 3 {
				t.Errorf("%d accounts in the DoneStep, want 3", len(d.Accounts))
			}
		})
	}
	t.Run("rate limit retry-after", func(t *testing.T) {
		_, _, err := r.login(t, r.broker, integrations.AuthCredentials, map[string]string{"username": "user_rate_limited", "password": GoodPassword}, nil)
		brokertest.WantWait(t, "RetryAfter =", err, time.Minute)
	})
}

func TestCredentialsForm(t *testing.T) {
	r := newRig(t, Options{})
	lg, step, err := brokertest.FirstStep(t, r.broker, integrations.LoginRequest{Method: integrations.AuthCredentials, Env: r.env})
	form, ok := step.(*integrations.FormStep)
	if err != nil || !ok || len(form.Fields) != 2 || form.Fields[1].Kind != integrations.FieldSecret {
		t.Fatalf("first step %#v, %v; want the username/password form", step, err)
	}
	step2, err := lg.Next(ctxT(t), integrations.Answer{Values: map[string]string{"username": "user_good"}})
	if !errors.Is(err, integrations.ErrInvalidCredentials) || step2 != form {
		t.Fatalf("missing password: %T %v", step2, err)
	}
	step3, err := lg.Next(ctxT(t), integrations.Answer{Values: map[string]string{"username": "user_good", "password": "nope"}})
	if !errors.Is(err, integrations.ErrInvalidCredentials) || step3 != form {
		t.Fatalf("wrong password: %T %v", step3, err)
	}
	done, err := lg.Next(ctxT(t), integrations.Answer{Values: map[string]string{"username": "user_good", "password": GoodPassword}})
	if _, ok := done.(*integrations.DoneStep); err != nil || !ok {
		t.Fatalf("right password: %T %v", done, err)
	}
	if _, err := lg.Next(ctxT(t), integrations.Answer{}); err == nil {
		t.Error("Next after the DoneStep succeeded")
	}
	if err := lg.Paste("x"); !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("Paste: %v", err)
	}
}

// mfaLogin starts user's login with the values pre-filled and returns it at
// its first challenge.
func mfaLogin(t *testing.T, r *rig, user string) (integrations.Login, integrations.Step) {
	t.Helper()
	lg, step, err := brokertest.FirstStep(t, r.broker, integrations.LoginRequest{Method: integrations.AuthCredentials,
		Values: map[string]string{"username": user, "password": GoodPassword}, Env: r.env})
	if err != nil {
		t.Fatal(err)
	}
	return lg, step
}

func answer(k, v string) integrations.Answer {
	return integrations.Answer{Values: map[string]string{k: v}}
}

func wantDone(t *testing.T, step integrations.Step, err error, user string) *integrations.DoneStep {
	t.Helper()
	d, ok := step.(*integrations.DoneStep)
	if err != nil || !ok {
		t.Fatalf("got %T, %v; want a DoneStep", step, err)
	}
	if d.Grant.Fingerprint != integrations.Fingerprint(ID, userID(user)) {
		t.Errorf("fingerprint is not %s's", user)
	}
	return d
}

func TestMFACode(t *testing.T) {
	r := newRig(t, Options{})
	lg, step := mfaLogin(t, r, "user_mfa_code")
	cs, ok := step.(*integrations.CodeStep)
	if !ok || cs.Destination != destApp || cs.Field.Name == "" {
		t.Fatalf("first step %#v; want a CodeStep for the authenticator app", step)
	}
	again, err := lg.Next(ctxT(t), answer(cs.Field.Name, "000000"))
	if !errors.Is(err, integrations.ErrInvalidMFACode) || again != step {
		t.Fatalf("wrong code: %T %v; want the same CodeStep and ErrInvalidMFACode", again, err)
	}
	if strings.Contains(err.Error(), "000000") {
		t.Error("the error holds the code")
	}
	step, err = lg.Next(ctxT(t), answer(cs.Field.Name, MFACode))
	wantDone(t, step, err, "user_mfa_code")
}

func TestMFACodeAttempts(t *testing.T) {
	r := newRig(t, Options{})
	lg, step := mfaLogin(t, r, "user_mfa_code")
	for i := range maxAttempts {
		if _, err := lg.Next(ctxT(t), answer("code", "999999")); !errors.Is(err, integrations.ErrInvalidMFACode) {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	got, err := lg.Next(ctxT(t), answer("code", MFACode))
	if !errors.Is(err, integrations.ErrLoginTimeout) || got != nil {
		t.Fatalf("after %d wrong codes: %T %v; want ErrLoginTimeout and no step", maxAttempts, got, err)
	}
	_ = step
}

func TestMFAChoice(t *testing.T) {
	for _, method := range []string{"sms", "email"} {
		t.Run(method, func(t *testing.T) {
			r := newRig(t, Options{})
			lg, step := mfaLogin(t, r, "user_mfa_choice")
			ch, ok := step.(*integrations.ChoiceStep)
			if !ok || ch.Field.Kind != integrations.FieldChoice || len(ch.Field.Choices) != 2 {
				t.Fatalf("first step %#v; want a ChoiceStep of two", step)
			}
			bad, err := lg.Next(ctxT(t), answer(ch.Field.Name, "pigeon"))
			if !errors.Is(err, integrations.ErrInvalidMFACode) || bad != step {
				t.Fatalf("bad choice: %T %v", bad, err)
			}
			step, err = lg.Next(ctxT(t), answer(ch.Field.Name, method))
			cs, ok := step.(*integrations.CodeStep)
			if err != nil || !ok {
				t.Fatalf("after choosing: %T %v", step, err)
			}
			want := map[string]string{"sms": destSMS, "email": destEmail}[method]
			if cs.Destination != want || !strings.Contains(cs.Destination, "•") {
				t.Errorf("destination %q, want %q", cs.Destination, want)
			}
			if again, err := lg.Next(ctxT(t), answer("code", "12345")); !errors.Is(err, integrations.ErrInvalidMFACode) || again != step {
				t.Fatalf("wrong code: %T %v", again, err)
			}
			step, err = lg.Next(ctxT(t), answer("code", " 123456 "))
			wantDone(t, step, err, "user_mfa_choice")
		})
	}
}

func TestMFAQuestions(t *testing.T) {
	r := newRig(t, Options{})
	lg, step := mfaLogin(t, r, "user_mfa_questions")
	qs, ok := step.(*integrations.QuestionsStep)
	if !ok || len(qs.Fields) != 2 {
		t.Fatalf("first step %#v; want two questions", step)
	}
	for _, f := range qs.Fields {
		if !strings.HasSuffix(f.Label, "?") {
			t.Errorf("question label %q", f.Label)
		}
	}
	wrong := integrations.Answer{Values: map[string]string{qs.Fields[0].Name: "blue", qs.Fields[1].Name: "fido"}}
	if again, err := lg.Next(ctxT(t), wrong); !errors.Is(err, integrations.ErrInvalidMFACode) || again != step {
		t.Fatalf("wrong answer: %T %v", again, err)
	}
	right := integrations.Answer{Values: map[string]string{qs.Fields[0].Name: " Blue", qs.Fields[1].Name: "REX"}}
	step, err := lg.Next(ctxT(t), right)
	wantDone(t, step, err, "user_mfa_questions")
}

func TestMFAPushAutoApprove(t *testing.T) {
	r := newRig(t, Options{})
	lg, step := mfaLogin(t, r, "user_mfa_push")
	as, ok := step.(*integrations.ApproveStep)
	if !ok || as.Message == "" || !strings.HasPrefix(as.ApproveURL, r.srv.URL()+"/mfa/approve/") || as.Timeout != approveTimeout {
		t.Fatalf("first step %#v; want an ApproveStep with the demo's approve page", step)
	}
	r.clk.Add(defaultApproveAfter) // the user taps Approve on their phone after 5 s
	step, err := lg.Next(ctxT(t), integrations.Answer{})
	wantDone(t, step, err, "user_mfa_push")
}

// decide presses a button on the approve page the way a browser does.
func decide(t *testing.T, approveURL, decision string) string {
	t.Helper()
	resp, body := getPage(t, approveURL)
	m := actionRE.FindSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil || !strings.Contains(string(body), `value="approve"`) || !strings.Contains(string(body), `value="deny"`) {
		t.Fatalf("approve page: %s\n%s", resp.Status, body)
	}
	u, _ := url.Parse(approveURL)
	target, _ := u.Parse(string(m[1]))
	resp, err := http.PostForm(target.String(), url.Values{"decision": {decision}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	return string(body)
}

func TestMFAPushApprovePage(t *testing.T) {
	for _, decision := range []string{"approve", "deny"} {
		t.Run(decision, func(t *testing.T) {
			r := newRig(t, Options{ApproveAfter: -1})
			lg, step := mfaLogin(t, r, "user_mfa_push")
			as := step.(*integrations.ApproveStep)
			page := decide(t, as.ApproveURL, decision)
			step, err := lg.Next(ctxT(t), integrations.Answer{})
			if decision == "approve" {
				if !strings.Contains(page, "approved") {
					t.Errorf("page after approving: %s", page)
				}
				wantDone(t, step, err, "user_mfa_push")
				return
			}
			if !errors.Is(err, integrations.ErrApprovalDenied) || step != nil {
				t.Fatalf("denied: %T %v; want ErrApprovalDenied and no step", step, err)
			}
			if _, err := lg.Next(ctxT(t), integrations.Answer{}); err == nil {
				t.Error("the login goes on after a denial")
			}
		})
	}
}

func TestMFAPushPending(t *testing.T) {
	// Polls until the clock passes ApproveAfter: the server decides, the
	// login polls at PollInterval (1 ms here).
	r := newRig(t, Options{ApproveAfter: 3 * time.Second})
	lg, _ := mfaLogin(t, r, "user_mfa_push")
	polls := 0
	r.tr.setHook(func(req *http.Request) {
		if strings.HasPrefix(req.URL.Path, "/v1/auth/mfa/") {
			if polls++; polls == 3 {
				r.clk.Add(3 * time.Second) // the user approves on their phone
			}
		}
	})
	step, err := lg.Next(ctxT(t), integrations.Answer{})
	wantDone(t, step, err, "user_mfa_push")
	if n := r.tr.count("/v1/auth/mfa/"); n < 3 {
		t.Errorf("%d polls", n)
	}
}

func TestMFAPushExpires(t *testing.T) {
	r := newRig(t, Options{ApproveAfter: -1})
	lg, _ := mfaLogin(t, r, "user_mfa_push")
	r.clk.Add(approveTimeout)
	step, err := lg.Next(ctxT(t), integrations.Answer{})
	if !errors.Is(err, integrations.ErrLoginTimeout) || step != nil {
		t.Fatalf("got %T %v; want ErrLoginTimeout", step, err)
	}
}

func TestMFAPushCancelled(t *testing.T) {
	r := newRig(t, Options{ApproveAfter: -1})
	lg, _ := mfaLogin(t, r, "user_mfa_push")
	ctx, cancel := contextWithCancel(t)
	polls := 0
	r.tr.setHook(func(req *http.Request) {
		if strings.HasPrefix(req.URL.Path, "/v1/auth/mfa/") {
			if polls++; polls == 2 {
				cancel() // the user closes the dialog
			}
		}
	})
	if _, err := lg.Next(ctx, integrations.Answer{}); err == nil {
		t.Fatal("Next returned without an error after the context ended")
	}
}

func TestOAuthLogin(t *testing.T) {
	r := newRig(t, Options{})
	d := r.oauthLogin(t, "user_good")
	if d.Grant.Method != integrations.AuthOAuth2 || d.Grant.Fingerprint != integrations.Fingerprint(ID, userID("user_good")) {
		t.Errorf("grant %v", d.Grant)
	}
	if got := d.Grant.Expiry.Sub(t0); got != defaultGrantLife {
		t.Errorf("grant expires in %s, want %s", got, defaultGrantLife)
	}
	if len(d.Accounts) != 3 {
		t.Errorf("%d accounts", len(d.Accounts))
	}
	sec, err := decodeSecret(d.Grant.Secret)
	if err != nil || sec.Kind != secretOAuth || sec.Refresh == "" || !sec.AccessExpiry.Equal(t0.Add(accessTokenLife)) {
		t.Errorf("secret kind %q, access expiry %s", sec.Kind, sec.AccessExpiry)
	}
	accts, err := r.client(t, r.broker, d.Grant, nil).Accounts(ctxT(t))
	if err != nil || len(accts) != 3 {
		t.Fatalf("Accounts: %d %v", len(accts), err)
	}
}

func TestOAuthScenarios(t *testing.T) {
	r := newRig(t, Options{})
	for _, tc := range []struct {
		user string
		life time.Duration
	}{{"user_expiring", 3 * 24 * time.Hour}, {"user_expire_fast", time.Minute}} {
		d := r.oauthLogin(t, tc.user)
		if got := d.Grant.Expiry.Sub(t0); got != tc.life {
			t.Errorf("%s: grant expires in %s, want %s", tc.user, got, tc.life)
		}
		sec, _ := decodeSecret(d.Grant.Secret)
		if !sec.AccessExpiry.After(t0) || sec.AccessExpiry.After(d.Grant.Expiry) {
			t.Errorf("%s: access token expiry %s outside the grant", tc.user, sec.AccessExpiry)
		}
	}
	for _, tc := range []struct {
		user string
		want error
	}{
		{"user_locked", integrations.ErrApprovalDenied},
		{"user_maintenance", integrations.ErrUnavailable},
	} {
		_, _, err := r.login(t, r.broker, integrations.AuthOAuth2, nil, oauthPlayer(t, tc.user, "approve"))
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.user, err, tc.want)
		}
	}
}

func TestOAuthDeny(t *testing.T) {
	r := newRig(t, Options{})
	_, step, err := r.login(t, r.broker, integrations.AuthOAuth2, nil, oauthPlayer(t, "user_good", "deny"))
	if !errors.Is(err, integrations.ErrApprovalDenied) || step != nil {
		t.Fatalf("deny: %T %v; want ErrApprovalDenied", step, err)
	}
}

func TestNotSupported(t *testing.T) {
	r := newRig(t, Options{})
	for _, c := range []struct {
		in integrations.Integration
		m  integrations.AuthKind
	}{{r.broker, integrations.AuthAPIKey}, {r.broker, integrations.AuthToken}, {r.exch, integrations.AuthOAuth2}, {r.exch, integrations.AuthCredentials}} {
		if _, err := c.in.StartLogin(ctxT(t), integrations.LoginRequest{Method: c.m, Env: r.env}); !errors.Is(err, integrations.ErrNotSupported) {
			t.Errorf("%s %s: %v", c.in.Institution().ID, c.m, err)
		}
	}
	if _, err := r.broker.NewClient(ctxT(t), integrations.Grant{Secret: []byte("junk")}, r.env, nil); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("NewClient with junk: %v", err)
	}
	d := r.cryptoLogin(t)
	if _, err := r.broker.NewClient(ctxT(t), d.Grant, r.env, nil); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("brokerage NewClient with a crypto grant: %v", err)
	}
}
