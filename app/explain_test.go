package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

func TestExplainEverySentinel(t *testing.T) {
	connect := Situation{Doing: DoingConnect, Institution: "Example"}
	sync := Situation{Doing: DoingSync, Institution: "Example"}
	cases := []struct {
		name   string
		err    error
		s      Situation
		code   string
		remedy Remedy
		want   []string // in Text
		not    []string // never in Text
	}{
		{"reauth sync", fmt.Errorf("sync: %w", integrations.ErrReauthRequired), sync, integrations.CodeReauthRequired, RemedyRepair,
			[]string{"Repair", "saved data is kept"}, nil},
		{"invalid credentials with detail", integrations.Wrap(integrations.ErrInvalidCredentials, "enter a username and a password"), connect,
			integrations.CodeInvalidCredentials, RemedyCorrect, []string{"Enter a username and a password."}, []string{"invalid credentials"}},
		{"invalid credentials plain", integrations.ErrInvalidCredentials, connect, integrations.CodeInvalidCredentials, RemedyCorrect,
			[]string{"Example did not accept"}, nil},
		{"invalid mfa", fmt.Errorf("next: %w", integrations.ErrInvalidMFACode), connect, integrations.CodeInvalidMFA, RemedyCorrect,
			[]string{"type it again"}, nil},
		{"denied in the app", integrations.ErrApprovalDenied, connect, integrations.CodeApprovalDenied, RemedyStartAgain,
			[]string{"denied in Example's app"}, []string{"browser"}},
		{"denied in the browser", integrations.ErrApprovalDenied, Situation{Doing: DoingConnect, InBrowser: true, Institution: "Example"},
			integrations.CodeApprovalDenied, RemedyStartAgain, []string{"not allowed on Example's page in the browser"}, []string{"app"}},
		{"login timeout", integrations.ErrLoginTimeout, connect, integrations.CodeTimeout, RemedyStartAgain, []string{"Start again"}, nil},
		{"sync timeout", context.DeadlineExceeded, sync, integrations.CodeTimeout, RemedyRetry, []string{"did not answer in time"}, nil},
		{"locked leads with the institution", integrations.ErrAccountLocked, connect, integrations.CodeAccountLocked, RemedyAtInstitution,
			[]string{"Unlock it first on Example's website"}, []string{"Start again"}},
		{"maintenance on a new connection", integrations.Wrap(integrations.ErrUnavailable, "maintenance"), connect, integrations.CodeUnavailable,
			RemedyRetry, []string{"Try again later"}, []string{"saved data"}},
		{"maintenance on a sync", integrations.ErrUnavailable, sync, integrations.CodeUnavailable, RemedyRetry,
			[]string{"saved data is kept"}, nil},
		{"different login", integrations.ErrDifferentLogin, Situation{Doing: DoingRepair}, integrations.CodeDifferentLogin,
			RemedyOriginalLogin, []string{"nothing was changed"}, nil},
		{"needs app", ErrNeedsApp, connect, integrations.CodeNeedsApp, RemedySettings, []string{"Settings"}, nil},
		{"login over", integrations.ErrLoginOver, connect, integrations.CodeLoginOver, RemedyStartAgain, nil, nil},
		{"session over", ErrSessionOver, connect, CodeSessionOver, RemedyStartAgain, nil, nil},
		{"partial", integrations.Wrap(integrations.ErrPartial, "prices of 2 holdings are unknown"), sync, integrations.CodePartial,
			RemedyRetry, []string{"prices of 2 holdings are unknown"}, nil},
		{"no accounts", integrations.ErrNoAccounts, sync, integrations.CodeNoAccounts, RemedyRetry, []string{"saved data is kept"}, nil},
		{"not found", fmt.Errorf("rename: %w", ErrNotFound), Situation{Doing: DoingSave}, CodeNotFound, RemedyNone, []string{"no longer exists"}, nil},
		{"disk full on connect", fmt.Errorf("save connection: %w", vault.ErrDiskFull), connect, CodeDiskFull, RemedyFreeSpace,
			[]string{"disk is full", "Nothing saved before was lost"}, []string{"institution"}},
		{"read-only", vault.ErrReadOnly, Situation{Doing: DoingSave}, CodeReadOnly, RemedyWritable, []string{"read-only"}, nil},
		{"vault locked", vault.ErrLocked, Situation{Doing: DoingRead}, CodeLocked, RemedyUnlock, nil, nil},
		{"wrong password", vault.ErrWrongPassword, Situation{Doing: DoingUnlock}, CodeWrongPassword, RemedyCorrect,
			[]string{"Wrong password", "recovery key"}, nil},
		{"wrong recovery key", vault.ErrWrongPassword, Situation{Doing: DoingRecovery}, CodeWrongPassword, RemedyCorrect,
			[]string{"recovery key does not open"}, nil},
		{"wrong current password", vault.ErrWrongPassword, Situation{Doing: DoingSave}, CodeWrongPassword, RemedyCorrect,
			[]string{"current password"}, nil},
		{"in use", vault.ErrInUse, Situation{Doing: DoingOpen}, CodeInUse, RemedyCloseOther, nil, nil},
		{"newer version", vault.ErrUnsupportedVersion, Situation{Doing: DoingOpen}, CodeNewerVersion, RemedyUpgrade, nil, nil},
		{"corrupt", fmt.Errorf("%w: bad magic 0x1234", vault.ErrCorrupt), Situation{Doing: DoingOpen}, CodeCorrupt, RemedyRestoreBackup,
			[]string{"backup"}, []string{"magic"}},
		{"corrupt record", &vault.RecordError{Bucket: "grants", Key: "k", Reason: "authentication failed"}, Situation{Doing: DoingRead},
			CodeCorruptRecord, RemedyRestoreBackup, nil, []string{"grants"}},
		{"exists", vault.ErrExists, Situation{Doing: DoingCreate}, CodeExists, RemedyNone, nil, nil},
		{"no locked memory", vault.ErrNoLockedMemory, Situation{Doing: DoingRead}, CodeNoLockedMemory, RemedyRetry, nil, nil},
		{"cancelled", context.Canceled, sync, integrations.CodeCancelled, RemedyNone, nil, nil},
		{"unreadable statement", integrations.Wrap(integrations.ErrInvalidCredentials, "there is no file at that path"), Situation{Doing: DoingImport},
			integrations.CodeInvalidCredentials, RemedyCorrect, []string{"There is no file at that path.", "Nothing was imported"}, []string{"did not accept", "login"}},
		{"statement of another account", fmt.Errorf("refused: %w", integrations.Wrap(integrations.ErrDifferentLogin, "this is a Fidelity file, not one of Webull Canada's")),
			Situation{Doing: DoingImport}, integrations.CodeDifferentLogin, RemedyCorrect, []string{"This is a Fidelity file", "Nothing was imported"},
			[]string{"different user", "Log in"}},
		{"import cancelled", fmt.Errorf("import: %w", context.Canceled), Situation{Doing: DoingImport}, integrations.CodeCancelled, RemedyNone,
			[]string{"Nothing was imported"}, nil},
		{"import unavailable reads as any", integrations.ErrUnavailable, Situation{Doing: DoingImport, Institution: "Example"}, integrations.CodeUnavailable,
			RemedyRetry, []string{"Example is down"}, nil},
		{"unknown on connect", errors.New("token=abc123 body {\"secret\":1}"), connect, integrations.CodeUnknown, RemedyRetry,
			[]string{"Nothing was saved"}, []string{"abc123", "secret"}},
		{"unknown on sync", errors.New("token=abc123"), sync, integrations.CodeUnknown, RemedyRetry, []string{"saved data is kept"}, []string{"abc123"}},
		{"reauth on connect", integrations.ErrReauthRequired, connect, integrations.CodeReauthRequired, RemedyStartAgain,
			[]string{"Example did not accept the login"}, []string{"Repair"}},
		{"invalid credentials on a sync", integrations.ErrInvalidCredentials, sync, integrations.CodeInvalidCredentials, RemedyRepair,
			[]string{"no longer accepts the connection's login details", "saved data is kept"}, nil},
		{"invalid mfa with detail", integrations.Wrap(integrations.ErrInvalidMFACode, "the code has 6 digits"), connect, integrations.CodeInvalidMFA,
			RemedyCorrect, []string{"The code has 6 digits."}, []string{"expire"}},
		{"not supported", integrations.ErrNotSupported, Situation{Doing: DoingSync, Institution: "Lots"}, integrations.CodeNotSupported, RemedyNone,
			[]string{"Lots does not support this."}, nil},
		{"not supported with detail", integrations.Wrap(integrations.ErrNotSupported, "no history before 2020"), sync, integrations.CodeNotSupported,
			RemedyNone, []string{"No history before 2020."}, []string{"does not support"}},
		{"denied in the app of an institution ending in s", integrations.ErrApprovalDenied, Situation{Doing: DoingConnect, Institution: "Lots"},
			integrations.CodeApprovalDenied, RemedyStartAgain, []string{"denied in Lots' app"}, []string{"Lots's"}},
		{"locked at an unknown institution", integrations.ErrAccountLocked, Situation{Doing: DoingConnect}, integrations.CodeAccountLocked,
			RemedyAtInstitution, []string{"Unlock it first on the institution's website"}, nil},
		{"unknown on repair of an unknown institution", errors.New("x"), Situation{Doing: DoingRepair}, integrations.CodeUnknown, RemedyRetry,
			[]string{"talking to the institution.", "saved data is kept"}, nil},
		{"unknown on unlock", errors.New("x"), Situation{Doing: DoingUnlock}, integrations.CodeUnknown, RemedyRetry,
			[]string{"vault could not be opened"}, nil},
		{"unknown on save", errors.New("x"), Situation{Doing: DoingSave}, integrations.CodeUnknown, RemedyRetry,
			[]string{"could not be saved"}, nil},
		{"unknown on read", errors.New("x"), Situation{Doing: DoingRead}, integrations.CodeUnknown, RemedyRetry,
			[]string{"could not be read"}, nil},
		{"unknown on export", errors.New("x"), Situation{Doing: DoingExport}, integrations.CodeUnknown, RemedyRetry,
			[]string{"file could not be written"}, nil},
		{"import not supported", integrations.Wrap(integrations.ErrNotSupported, "this connection syncs from its institution"), Situation{Doing: DoingImport},
			integrations.CodeNotSupported, RemedyNone, []string{"This connection syncs from its institution."}, nil},
		{"import not supported plain", integrations.ErrNotSupported, Situation{Doing: DoingImport}, integrations.CodeNotSupported, RemedyNone,
			[]string{"cannot take statement files"}, nil},
		{"unknown otherwise", errors.New("x"), Situation{}, integrations.CodeUnknown, RemedyRetry,
			[]string{"Something went wrong. Try again."}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := Explain(tc.err, tc.s)
			if e.Code != tc.code {
				t.Errorf("code %q, want %q", e.Code, tc.code)
			}
			if e.Remedy != tc.remedy {
				t.Errorf("remedy %q, want %q", e.Remedy, tc.remedy)
			}
			if e.Title == "" || e.Text == "" {
				t.Fatalf("empty explanation: %+v", e)
			}
			if !strings.HasSuffix(e.Text, ".") {
				t.Errorf("text is not a sentence: %q", e.Text)
			}
			for _, w := range tc.want {
				if !strings.Contains(e.Text, w) {
					t.Errorf("text %q lacks %q", e.Text, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(e.Text, w) || strings.Contains(e.Title, w) {
					t.Errorf("%q or %q holds %q", e.Title, e.Text, w)
				}
			}
			if e.String() != e.Text {
				t.Error("String is the text")
			}
		})
	}
}

func TestExplainRateLimitWaitMatchesHumanDuration(t *testing.T) {
	for _, d := range []time.Duration{30 * time.Second, 89 * time.Second, 90 * time.Second, 61 * time.Minute} {
		err := fmt.Errorf("accounts: %w", &integrations.RateLimitError{RetryAfter: d})
		e := Explain(err, Situation{Doing: DoingSync})
		if e.Wait != d || !e.Transient || e.Remedy != RemedyRetry {
			t.Errorf("%v: %+v", d, e)
		}
		want := "Try again in " + integrations.HumanDuration(d) + "."
		if !strings.HasSuffix(e.Text, want) {
			t.Errorf("%v: %q does not end with %q", d, e.Text, want)
		}
	}
	// 89 s is "1 minute" and 90 s "2 minutes": rounded, as the CLI says it.
	if got := integrations.HumanDuration(89 * time.Second); got != "1 minute" {
		t.Errorf("HumanDuration(89s) = %q", got)
	}
	if e := Explain(integrations.ErrRateLimited, Situation{}); !strings.Contains(e.Text, "a few minutes") || e.Wait != 0 {
		t.Errorf("no Retry-After: %+v", e)
	}
}

func TestExplainNil(t *testing.T) {
	if e := Explain(nil, Situation{}); e != (Explanation{}) {
		t.Errorf("nil error: %+v", e)
	}
	if !Cancelled(fmt.Errorf("x: %w", context.Canceled)) || Cancelled(errors.New("x")) {
		t.Error("Cancelled")
	}
}
