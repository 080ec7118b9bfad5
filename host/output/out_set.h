/* One output directory holds one result set.
 *
 * A command writes its whole set (results, charts, trace, report) into a
 * staging directory inside DIR, DIR/.hetlane-new.XXXXXX, and only then
 * makes it DIR's set: the staging directory is renamed to a journal
 * (DIR/.hetlane-commit), every file of the previous set that the new one
 * does not replace is removed, the journal becomes DIR/.hetlane-move and
 * its files are renamed into DIR. So:
 *
 *  - no file of an older set survives next to a newer one;
 *  - a crash or a failed write while the set is written leaves the older
 *    set whole (the next command removes the staging directory);
 *  - a crash during the commit (a few renames) is finished by the next
 *    command that opens DIR: the journal's name says how far it got;
 *  - a directory that holds anything hetlane does not write (by name: see
 *    hl_out_set_name_is_ours) is refused before any work, never emptied.
 *
 * Staging inside DIR rather than beside it keeps every rename on one file
 * system, so DIR may be a mount point (a bind-mounted CI folder, a tmpfs,
 * a USB disk) or the current directory. DIR is locked (flock) while a
 * command holds it: a second hetlane writing there is refused. Every file
 * is made relative to DIR's descriptor (util/fs.h), so a DIR of any
 * length that opens at all (HL_OUT_DIR_MAX) is written whole; and a
 * command that commits nothing (refused, interrupted, nothing ran) takes
 * away the directories it created for DIR. */
#ifndef HL_OUTPUT_OUT_SET_H
#define HL_OUTPUT_OUT_SET_H

#include <limits.h>
#include <stdbool.h>

#include "util/error.h"
#include "util/fs.h"

struct hl_out_set {
    char dir[HL_OUT_DIR_MAX + 1];    /* as given */
    char stage[HL_OUT_DIR_MAX + 34]; /* the staging directory while a set is written, else "" */
    char stage_name[32];             /* its name in dir */
    int fd;                          /* dir, open and locked; -1 when closed */
    int stage_fd;                    /* the staging directory, open; -1 when none */
    int created;                     /* directories of dir's path that open made */
    bool committed;                  /* a set was made dir's */
    bool recovered;                  /* open finished a commit a crash interrupted */
};

/* Creates dir (and its parents) when missing and proves it writable, locks
 * it, finishes a commit that a crash interrupted and removes what a
 * crashed write left. Refuses, with a usage error naming `option`
 * ("--out") and the first foreign entry, a directory that holds anything
 * hetlane does not write; also a directory another hetlane holds. Does
 * not allocate. Returns 0, or -1 with err filled (s is then closed). */
int hl_out_set_open(struct hl_out_set *s, const char *dir, const char *option,
                    struct hl_error *err);

/* Makes the staging directory for a new set and returns its path: every
 * file of the set is written there (the path is bound to the directory's
 * descriptor: hl_write_file_atomic reaches it through that). NULL with
 * err filled (runtime) when it cannot be made. */
const char *hl_out_set_begin(struct hl_out_set *s, struct hl_error *err);

/* Makes the staged files DIR's set. keep_old: the new files join the
 * previous set instead of replacing it (plot redrawing a set's own
 * results.json in place). Returns 0, or -1 with err filled (runtime):
 * the commit stays journaled and the next command finishes it. */
int hl_out_set_commit(struct hl_out_set *s, bool keep_old, struct hl_error *err);

/* Drops what was staged (after a failed write): DIR keeps its set. */
void hl_out_set_discard(struct hl_out_set *s);

/* Discards what is still staged, removes the directories open created
 * when no set was committed (and they are empty), and unlocks DIR. Safe
 * to call twice. */
void hl_out_set_close(struct hl_out_set *s);

/* A message about a staged file names the file it would have become:
 * "DIR/.hetlane-new.ab12cd/x.png" becomes "DIR/x.png". */
void hl_out_set_explain(const struct hl_out_set *s, struct hl_error *err);

/* True for the regular files hetlane writes: results.json, results.csv,
 * trace.json, report.html, report.md, and charts (.png, .svg, .pdf) named
 * W-overview, W-compare, W-scaling, W-compare-sets, W-roofline or W-timeline-L. */
bool hl_out_set_name_is_ours(const char *name);

#endif
