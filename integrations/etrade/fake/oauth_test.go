package fake

import "testing"

func TestAuthParams(t *testing.T) {
	p, err := AuthParams(`OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_callback="http%3A%2F%2Fprinter.example.com%2Fready", oauth_signature="74KNZJeDHnMBp0EMJ9ZG5szSkqk%3D"`)
	if err != nil || p["oauth_callback"] != "http://printer.example.com/ready" || p["oauth_signature"] != "74KNZJeDHnMBp0EMJ9ZG5szSkqk=" || p["realm"] != "Photos" {
		t.Errorf("%v %v", p, err)
	}
	for _, bad := range []string{"Bearer x", `OAuth a=b`, `OAuth a="%zz"`} {
		if _, err := AuthParams(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
