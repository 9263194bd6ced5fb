package demo

import (
	"strings"
	"time"
)

// Demo logins. Every scenario user's password is GoodPassword; any other
// password is refused as invalid credentials.
const (
	GoodPassword = "pass_good"
	// MFACode answers every code challenge (authenticator app, SMS, e-mail).
	MFACode = "123456"
	// The answers to the two security questions of user_mfa_questions
	// (case and surrounding spaces are ignored).
	AnswerColour = "blue"
	AnswerPet    = "rex"

	// The demo-crypto API keys. Each names a different exchange user.
	CryptoKey     = "demo_key"
	CryptoSecret  = "demo_secret"
	CryptoKey2    = "demo_key_2"
	CryptoSecret2 = "demo_secret_2"
)

// MFA kinds of a scenario.
const (
	mfaNone      = ""
	mfaCode      = "code"
	mfaChoice    = "choice"
	mfaPush      = "push"
	mfaQuestions = "questions"
)

// scenario is what a demo username does at login.
type scenario struct {
	mfa         string
	locked      bool
	rateLimited bool
	maintenance bool
	life        time.Duration // grant life, 0 = defaultGrantLife
}

// scenarios maps the demo usernames (Plaid-sandbox style) to their behaviour.
var scenarios = map[string]scenario{
	"user_good":          {},
	"user_mfa_code":      {mfa: mfaCode},
	"user_mfa_choice":    {mfa: mfaChoice},
	"user_mfa_push":      {mfa: mfaPush},
	"user_mfa_questions": {mfa: mfaQuestions},
	"user_locked":        {locked: true},
	"user_rate_limited":  {rateLimited: true},
	"user_maintenance":   {maintenance: true},
	"user_expiring":      {life: 3 * 24 * time.Hour},
	"user_expire_fast":   {life: 60 * time.Second},
}

func (sc scenario) grantLife() time.Duration {
	if sc.life > 0 {
		return sc.life
	}
	return defaultGrantLife
}

// lookupUser returns the scenario of a username (trimmed, case-insensitive).
func lookupUser(username string) (string, scenario, bool) {
	u := strings.ToLower(strings.TrimSpace(username))
	sc, ok := scenarios[u]
	return u, sc, ok
}

// userID is the institution-side user id of a demo username: different
// usernames are different users, so a repair with another one is refused.
func userID(username string) string { return "u_" + hashHex(12, dataSeed, "user", username) }

type apiKey struct{ secret, user string }

var apiKeys = map[string]apiKey{
	CryptoKey:  {CryptoSecret, "satoshi"},
	CryptoKey2: {CryptoSecret2, "vitalik"},
}

// cryptoUserID is the exchange-side user id of an API key's owner.
func cryptoUserID(user string) string { return "cx_" + hashHex(12, dataSeed, "crypto-user", user) }

// Security questions of user_mfa_questions.
var questions = []struct{ id, text, answer string }{
	{"q1", "What was the colour of your first car?", AnswerColour},
	{"q2", "What was the name of your first pet?", AnswerPet},
}

// Masked MFA destinations.
const (
	destApp   = "your authenticator app"
	destSMS   = "SMS to •••-•••-4821"
	destEmail = "e-mail to d•••@example.com"
)
