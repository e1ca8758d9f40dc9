/* SPDX-License-Identifier: MIT */
/*
 * junit_merge.c - merge JUnit XML files into one <testsuites> document.
 *
 * usage: junit_merge OUT.xml IN.xml...
 *
 * Each input holds one <testsuite> element (a unit's result, written by the
 * runner) or a whole <testsuites> document (an earlier merge, e.g. one
 * shard of a CI matrix). The output holds every <testsuite> of the inputs,
 * in order, under a <testsuites> whose tests, failures, errors and time
 * are their sums. Prints a one-line total; exit status 1 when an input
 * cannot be read or holds no <testsuite>.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = 0;
	fclose(f);
	return buf;
}

/* The value of attribute `name` in the start tag at `tag` (up to '>'). */
static double attr(const char *tag, const char *name)
{
	const char *end = strchr(tag, '>');
	size_t n = strlen(name);

	for (const char *p = tag + 1; end && p < end; p++) {
		if (p[-1] == ' ' && !strncmp(p, name, n) && p[n] == '=' &&
		    p[n + 1] == '"')
			return atof(p + n + 2);
	}
	return 0;
}

struct totals {
	long tests, failures, errors, skipped;
	double time;
	int suites;
};

/* Copy every <testsuite ...>...</testsuite> of doc to out. */
static int copy_suites(const char *doc, FILE *out, struct totals *t)
{
	const char *p = doc;
	int found = 0;

	while ((p = strstr(p, "<testsuite")) != NULL) {
		const char *end;

		if (p[10] != ' ' && p[10] != '>') { /* <testsuites */
			p += 10;
			continue;
		}
		end = strstr(p, "</testsuite>");
		if (!end) {
			/* an empty element: <testsuite .../> */
			end = strstr(p, "/>");
			if (!end)
				return -1;
			end += 2;
		} else {
			end += strlen("</testsuite>");
		}
		t->tests += (long)attr(p, "tests");
		t->failures += (long)attr(p, "failures");
		t->errors += (long)attr(p, "errors");
		t->skipped += (long)attr(p, "skipped");
		t->time += attr(p, "time");
		t->suites++;
		fputs("  ", out);
		fwrite(p, 1, (size_t)(end - p), out);
		fputc('\n', out);
		p = end;
		found = 1;
	}
	return found ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct totals t = { 0 };
	char tmp[4096];
	FILE *body;
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: junit_merge OUT.xml IN.xml...\n");
		return 2;
	}
	body = tmpfile();
	if (!body) {
		perror("junit_merge: tmpfile");
		return 1;
	}
	for (int i = 2; i < argc; i++) {
		char *doc;

		if (!strcmp(argv[i], argv[1]))
			continue; /* the output of an earlier merge */
		doc = slurp(argv[i]);
		if (!doc || copy_suites(doc, body, &t)) {
			fprintf(stderr, "junit_merge: %s: %s\n", argv[i],
				doc ? "no <testsuite> element" : "cannot read");
			rc = 1;
		}
		free(doc);
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
	FILE *out = fopen(tmp, "w");
	if (!out) {
		perror(tmp);
		return 1;
	}
	fprintf(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"vio\" tests=\"%ld\" failures=\"%ld\" "
		"errors=\"%ld\" skipped=\"%ld\" time=\"%.3f\">\n",
		t.tests, t.failures, t.errors, t.skipped, t.time);
	rewind(body);
	size_t n;
	while ((n = fread(tmp + 0, 1, sizeof(tmp) - 1, body)) > 0)
		fwrite(tmp, 1, n, out);
	fprintf(out, "</testsuites>\n");
	fclose(body);
	if (fclose(out)) {
		perror(argv[1]);
		return 1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
	if (rename(tmp, argv[1])) {
		perror(argv[1]);
		return 1;
	}
	printf("junit: %d suites, %ld testcases, %ld failures, %ld errors -> "
	       "%s\n",
	       t.suites, t.tests, t.failures, t.errors, argv[1]);
	return rc;
}
