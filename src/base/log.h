/* log.h: one line per event on stderr: level=... msg=... key=value. */
#ifndef ZF_BASE_LOG_H
#define ZF_BASE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Sets the lowest level written (default LOG_INFO; ZUOFENG_LOG=debug|info|warn|error). */
void log_set_level(enum log_level lvl);

/* Writes `level=L msg="msg" ` then the printf-formatted key=value pairs. Never pass secrets. */
void zf_log(enum log_level lvl, const char *msg, const char *kvfmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
