/*
 * replay.c - runs a fuzz target over files, without libFuzzer.
 *
 *   replay_<target> FILE|DIR...
 *
 * Feeds every file (each regular file of a DIR, in name order) to
 * LLVMFuzzerTestOneInput, the way libFuzzer runs a corpus, so that make check
 * replays each seed corpus under gcc (and make asan under the sanitizers). A
 * property that fails aborts, with the target's message; at the end it
 * prints "replayed N inputs" and exits 0.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t len = 0, cap = 0, n;
	uint8_t chunk[4096];
	if (!f) {
		perror(path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (len + n > cap) {
			uint8_t *p;
			cap = (len + n) * 2;
			p = realloc(data, cap);
			if (!p) {
				free(data);
				(void)fclose(f);
				return -1;
			}
			data = p;
		}
		memcpy(data + len, chunk, n);
		len += n;
	}
	if (ferror(f)) {
		perror(path);
		free(data);
		(void)fclose(f);
		return -1;
	}
	(void)fclose(f);
	/* libFuzzer hands over exactly LEN bytes: a copy of that size lets ASan
	 * see a read past the end. */
	uint8_t *exact = malloc(len ? len : 1);
	if (!exact) {
		free(data);
		return -1;
	}
	if (len)
		memcpy(exact, data, len);
	free(data);
	fprintf(stderr, "replay: %s\n", path);
	(void)LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	long count = 0;
	int failed = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 2;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (replay_file(argv[i]) < 0)
				failed = 1;
			count++;
			continue;
		}
		struct dirent **names = NULL;
		int n = scandir(argv[i], &names, NULL, by_name);
		if (n < 0) {
			perror(argv[i]);
			return 2;
		}
		for (int k = 0; k < n; k++) {
			char path[4096];
			if (names[k]->d_name[0] != '.' &&
			    snprintf(path, sizeof(path), "%s/%s", argv[i], names[k]->d_name) < (int)sizeof(path) &&
			    stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				if (replay_file(path) < 0)
					failed = 1;
				count++;
			}
			free(names[k]);
		}
		free(names);
	}
	printf("replayed %ld inputs\n", count);
	return failed ? 1 : 0;
}
