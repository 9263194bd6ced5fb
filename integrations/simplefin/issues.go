package simplefin

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// issues are what an Account Set's errlist (or, from servers that send
// none, its errors) says, sorted by whom it concerns. Codes are read as
// the protocol says: "prefix.[subcode]" with prefixes gen, con and act,
// and "Consumers of the protocol should handle unknown subcodes by falling
// back to treating the error like a naked prefix." Messages are shown to
// the user, sanitized ("you must sanitize the strings when displaying
// them").
type issues struct {
	// genAuth is a gen.auth message: the access URL itself is refused.
	genAuth string
	// connAuth are con.auth messages by connection key: the server's login
	// to that institution needs the user.
	connAuth map[string]string
	// conn are the other con. messages by connection key.
	conn map[string][]string
	// acctFailed are act.failed (and act.) messages by account id ("Failed
	// to get account information. Try again later."); acctMissing are
	// act.missingdata ones ("Incomplete transaction listing").
	acctFailed, acctMissing map[string]string
	// general are messages for the user that name no connection.
	general []string
}

// attention is the Bridge's wording for a connection whose login needs the
// user, in the deprecated errors list ("Connection to {org name} may need
// attention", matched by Actual Budget's SimpleFIN sync).
var attention = regexp.MustCompile(`(?i)^connection to (.+?) may need attention\.?$`)

// authWords mark a deprecated error string as a login problem ("You must
// reauthenticate.", protocol.html's example).
var authWords = regexp.MustCompile(`(?i)\b(re-?authenticate|authentication|log ?in|sign ?in|credentials|needs? attention)\b`)

// developerWords mark a message meant for the developer, not the user
// (gen.api: "Error in how the API is being used"), such as the range
// warning the Bridge sends for a start-date more than 45 days back.
var developerWords = regexp.MustCompile(`(?i)\bdate range\b`)

func (s *wireSet) issues(conns []conn) issues {
	is := issues{connAuth: map[string]string{}, conn: map[string][]string{},
		acctFailed: map[string]string{}, acctMissing: map[string]string{}}
	said := map[string]bool{}
	for _, e := range s.Errlist {
		is.addStructured(e)
		said[sanitize(e.text())] = true
	}
	// The deprecated strings, where they say something errlist did not
	// (a server of the first protocol sends only them; the Bridge's budget
	// warnings may come only there, see doc.go).
	for _, e := range s.Errors {
		if msg := sanitize(string(e)); !said[msg] {
			is.addLegacy(msg, conns)
		}
	}
	return is
}

func (is *issues) addStructured(e wireError) {
	msg := sanitize(e.text())
	code := strings.ToLower(string(e.Code))
	prefix, sub, _ := strings.Cut(code, ".")
	switch prefix {
	case "gen":
		switch sub {
		case "api":
			// "meant for the developer and not the user"
		case "auth":
			is.genAuth = firstOf(msg, "authentication failed")
		default:
			is.addGeneral(msg)
		}
	case "con", "conn":
		if e.ConnID == "" {
			is.addGeneral(msg)
			return
		}
		key := "c:" + string(e.ConnID)
		if sub == "auth" {
			is.connAuth[key] = firstOf(msg, "the login needs your attention")
			return
		}
		if msg != "" {
			is.conn[key] = append(is.conn[key], msg)
		}
	case "act":
		if e.AccountID == "" {
			is.addGeneral(msg)
			return
		}
		if sub == "missingdata" {
			is.acctMissing[string(e.AccountID)] = firstOf(msg, "incomplete transaction listing")
			return
		}
		is.acctFailed[string(e.AccountID)] = firstOf(msg, "failed to get account information")
	default:
		is.addGeneral(msg)
	}
}

// addLegacy sorts one deprecated error string: a connection that needs
// attention (by the Bridge's wording, or a login word and the only
// connection, or a login word and a connection's name), a developer's
// warning, or a general message.
func (is *issues) addLegacy(msg string, conns []conn) {
	if msg == "" || developerWords.MatchString(msg) {
		return
	}
	if m := attention.FindStringSubmatch(msg); m != nil {
		for _, c := range conns {
			if strings.EqualFold(c.Name, strings.TrimSpace(m[1])) {
				is.connAuth[c.Key] = msg
				return
			}
		}
	}
	if authWords.MatchString(msg) {
		var named []conn
		for _, c := range conns {
			if strings.Contains(strings.ToLower(msg), strings.ToLower(c.Name)) {
				named = append(named, c)
			}
		}
		switch {
		case len(named) == 1:
			is.connAuth[named[0].Key] = msg
			return
		case len(conns) == 1:
			is.connAuth[conns[0].Key] = msg
			return
		}
	}
	is.addGeneral(msg)
}

func (is *issues) addGeneral(msg string) {
	if msg == "" || developerWords.MatchString(msg) {
		return
	}
	for _, g := range is.general {
		if g == msg {
			return
		}
	}
	is.general = append(is.general, msg)
}

var (
	tagRE   = regexp.MustCompile(`<[^>]*>`)
	digitRE = regexp.MustCompile(`\d{5,}`)
)

// sanitize makes a server's message safe to show and to keep: no markup,
// no control characters, no long run of digits (an account number shows
// its last four), at most 200 characters.
func sanitize(s string) string {
	s = tagRE.ReplaceAllString(s, " ")
	s = clean(s)
	s = maskDigits(s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 200 {
		s = string([]rune(s)[:199]) + "…"
	}
	return s
}

// maskDigits replaces every run of five or more digits by its last four
// behind dots.
func maskDigits(s string) string {
	return digitRE.ReplaceAllStringFunc(s, func(d string) string { return "••••" + d[len(d)-4:] })
}
