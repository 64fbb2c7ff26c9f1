/* SPDX-License-Identifier: GPL-2.0 */
/* A directory's entries, sorted: for the source's reads and data folders. */
#ifndef HVDIAG_DIRLIST_H
#define HVDIAG_DIRLIST_H

/* More entries than this is an error (-E2BIG), never a cut listing: a
 * listing cut short could change a verdict. */
#define DIR_LIST_MAX 65536

/* The names in the directory open at @fd ("." and ".." left out), sorted
 * bytewise; their count, or -errno. @fd is closed in every case. Free the
 * names with dir_list_free. */
int dir_list_fd(int fd, char ***names);
/* The same for the directory at @path (a link to one is followed). */
int dir_list(const char *path, char ***names);
void dir_list_free(char **names, int n);

#endif
