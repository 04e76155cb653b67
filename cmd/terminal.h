/*
 * terminal.h - colour, pager and manual pages at a terminal (terminal.c).
 */
#ifndef COBRA_TERMINAL_H
#define COBRA_TERMINAL_H

#include <stdbool.h>
#include <stddef.h>

/* Set by the global option --no-color. */
extern bool cobra_no_color_option;

/* Whether output on FD may be coloured: a terminal, no NO_COLOR, no
 * --no-color, and TERM set and not "dumb". */
bool cobra_color_for(int fd);

/* The width human tables must fit on FD: 0 (no limit) unless FD is a
 * terminal; then $COLUMNS when it is a number, else the terminal's size. */
size_t cobra_terminal_width(int fd);

/* Sends stdout through the pager when it is a terminal; finish waits for
 * it. Without a terminal, or with PAGER empty or "cat", nothing happens. */
void cobra_pager_start(void);
void cobra_pager_finish(void);

/* The directory of the running binary into OUT (N bytes); false when
 * /proc/self/exe cannot say. */
bool cobra_exe_dir(char *out, size_t n);

/* Shows cobra-COMMAND(1) (cobra(1) for NULL) with man(1): the page beside
 * the binary when there is one, else man's own search. 0 when shown. */
int cobra_show_manual(const char *command);

#endif
