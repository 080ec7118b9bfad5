/* A streaming (pull) JSON reader: the document comes as a sequence of
 * tokens, read from a file through a fixed buffer or from memory, so a
 * results.json of millions of tasks is read in memory proportional to
 * what the caller keeps, not to the document (a tree like jansson's
 * costs about ten times the file). It checks the whole grammar of RFC
 * 8259 as it goes: strings must be well-formed UTF-8 (util/utf8.h) with
 * valid escapes and no raw control character or \u0000 (strings are C
 * strings), integers must fit int64_t, reals must be finite, nesting is
 * at most HL_JSON_READER_MAX_DEPTH deep, nothing may follow the value.
 * The first problem stops it: every later call returns HL_JR_ERROR.
 * Numbers are read in the C locale's notation whatever the locale. */
#ifndef HL_UTIL_JSON_READER_H
#define HL_UTIL_JSON_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HL_JSON_READER_MAX_DEPTH 64
#define HL_JSON_READER_MAX_STRING (1u << 20) /* bytes in one string */

enum hl_jr_token {
    HL_JR_ERROR,      /* jr->error says what and where */
    HL_JR_END,        /* the document is over (and was whole) */
    HL_JR_OBJECT,     /* { */
    HL_JR_OBJECT_END, /* } */
    HL_JR_ARRAY,      /* [ */
    HL_JR_ARRAY_END,  /* ] */
    HL_JR_KEY,        /* a member's name, in jr->str; its ':' is read */
    HL_JR_STRING,     /* jr->str, jr->str_len */
    HL_JR_INT,        /* a number without fraction or exponent: jr->i */
    HL_JR_REAL,       /* any other number: jr->r */
    HL_JR_BOOL,       /* jr->b */
    HL_JR_NULL,
};

struct hl_json_reader {
    int fd;                    /* source file, or -1 when reading memory */
    const unsigned char *data; /* what is buffered (or the whole memory) */
    size_t len, pos;
    unsigned char *buf; /* owned buffer of a file source */
    bool eof;
    long line, column; /* of the next byte, from 1 */
    int depth;
    char stack[HL_JSON_READER_MAX_DEPTH]; /* 'o' or 'a' per open container */
    int state;                            /* what may come next (json_reader.c) */
    /* The current token's value. str is owned, NUL-terminated, UTF-8. */
    char *str;
    size_t str_len, str_cap;
    int64_t i;
    double r;
    bool b;
    bool (*stop)(void);            /* asked between buffers of a file: true stops the read */
    char error[160];               /* what went wrong, after HL_JR_ERROR ... */
    long error_line, error_column; /* ... and where (the next byte then) */
    bool io_error;                 /* that error is not the document's: a read error,
                                      memory running out, or stop() */
};

/* Reads from the open descriptor fd (not closed here). stop, when not
 * NULL, is asked at every buffer refill (every 256 KiB): true ends the
 * read with the error "interrupted". Returns 0, or -1 (errno ENOMEM)
 * when the buffer cannot be allocated. */
int hl_json_reader_open_fd(struct hl_json_reader *jr, int fd, bool (*stop)(void));

/* Reads the len bytes at data (which must outlive the reader). */
void hl_json_reader_open_mem(struct hl_json_reader *jr, const void *data, size_t len);

/* Frees what the reader holds. Safe to call twice. */
void hl_json_reader_close(struct hl_json_reader *jr);

/* The next token. After HL_JR_ERROR, jr->error holds the reason and
 * error_line and error_column where; a read error of the file says
 * "read error: strerror(errno)". */
enum hl_jr_token hl_json_reader_next(struct hl_json_reader *jr);

/* Skips the rest of the value that token `first` (just returned) began:
 * nothing for a scalar, up to the matching end for an object or array.
 * Returns 0, or -1 on an error. */
int hl_json_reader_skip(struct hl_json_reader *jr, enum hl_jr_token first);

#endif
