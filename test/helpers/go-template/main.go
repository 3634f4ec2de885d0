// Renders Go text/template templates with sprig over string data, as External Secrets v2 and the
// sealed-secrets controller execute target / spec.template data (both: text/template, sprig,
// data as map[string]string; ESO with missingkey=error). Reads {"templates": {...}, "data":
// {...}} as JSON on stdin, writes the rendered map as JSON. Built by test/helpers/go-template.ts
// in GOPATH mode from Debian's packaged sources (golang-go, golang-github-masterminds-sprig-dev).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"text/template"

	sprig "github.com/Masterminds/sprig"
)

func main() {
	var in struct {
		Templates map[string]string `json:"templates"`
		Data      map[string]string `json:"data"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	out := map[string]string{}
	for k, v := range in.Templates {
		t, err := template.New(k).Option("missingkey=error").Funcs(sprig.TxtFuncMap()).Parse(v)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var b bytes.Buffer
		if err := t.Execute(&b, in.Data); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out[k] = b.String()
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
