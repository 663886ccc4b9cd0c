/* ort-timeit: whole-process wall time of several commands, interleaved.
 *
 *   ort-timeit [-n RUNS] [-w WARMUP] -- CMD1 ARGS... -- CMD2 ARGS... ...
 *
 * Runs the commands in turn (1, 2, ..., 1, 2, ...) RUNS times each, after
 * WARMUP rounds that are not counted, with stdout and stderr sent to
 * /dev/null, and prints one JSON object per command:
 *   {"argv": [...], "runs": N, "median": ms, "min": ms, "max": ms,
 *    "q1": ms, "q3": ms, "exit": status-of-the-last-run}
 *
 * Why not a Python loop: on this project's reference machine (a small VM
 * whose speed drifts from minute to minute) a fork from Python adds about
 * half a millisecond and its own noise, and measuring the commands one
 * after the other lets the drift land on one of them. Interleaving puts
 * the same drift on every command, so their medians compare.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

typedef struct {
  char  **argv;
  double *times;
  int     status;
} Command;

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double
run_once (Command *cmd, posix_spawn_file_actions_t *actions)
{
  pid_t pid;
  int status = 0;
  double t0 = now_ms ();

  if (posix_spawn (&pid, cmd->argv[0], actions, NULL, cmd->argv, environ) != 0)
    {
      fprintf (stderr, "ort-timeit: cannot run %s\n", cmd->argv[0]);
      exit (2);
    }
  while (waitpid (pid, &status, 0) < 0)
    ;
  cmd->status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  return now_ms () - t0;
}

static int
compare (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_json_string (const char *s)
{
  putchar ('"');
  for (; *s; s++)
    {
      if (*s == '"' || *s == '\\')
        printf ("\\%c", *s);
      else if ((unsigned char) *s < 0x20)
        printf ("\\u%04x", *s);
      else
        putchar (*s);
    }
  putchar ('"');
}

int
main (int argc, char **argv)
{
  int runs = 100, warmup = 5, n = 0;
  Command *cmds = calloc ((size_t) argc, sizeof (Command));
  posix_spawn_file_actions_t actions;
  int i = 1;

  for (; i < argc && strcmp (argv[i], "--") != 0; i++)
    {
      if (strcmp (argv[i], "-n") == 0 && i + 1 < argc)
        runs = atoi (argv[++i]);
      else if (strcmp (argv[i], "-w") == 0 && i + 1 < argc)
        warmup = atoi (argv[++i]);
      else
        {
          fprintf (stderr, "usage: ort-timeit [-n RUNS] [-w WARMUP] -- CMD ARGS... [-- CMD ARGS...]\n");
          return 2;
        }
    }
  /* split the rest at each "--" */
  while (i < argc)
    {
      int start = ++i;

      while (i < argc && strcmp (argv[i], "--") != 0)
        i++;
      if (i == start)
        continue;
      argv[i < argc ? i : argc] = NULL;
      cmds[n].argv = argv + start;
      cmds[n].times = calloc ((size_t) runs, sizeof (double));
      n++;
    }
  if (n == 0 || runs < 1 || warmup < 0)
    {
      fprintf (stderr, "usage: ort-timeit [-n RUNS] [-w WARMUP] -- CMD ARGS... [-- CMD ARGS...]\n");
      return 2;
    }

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen (&actions, 2, "/dev/null", O_WRONLY, 0);
  for (int r = 0; r < warmup; r++)
    for (int c = 0; c < n; c++)
      run_once (&cmds[c], &actions);
  for (int r = 0; r < runs; r++)
    for (int c = 0; c < n; c++)
      cmds[c].times[r] = run_once (&cmds[c], &actions);

  for (int c = 0; c < n; c++)
    {
      double *t = cmds[c].times;

      qsort (t, (size_t) runs, sizeof (double), compare);
      printf ("{\"argv\": [");
      for (char **a = cmds[c].argv; *a; a++)
        {
          if (a != cmds[c].argv)
            printf (", ");
          print_json_string (*a);
        }
      printf ("], \"runs\": %d, \"median\": %.4f, \"min\": %.4f, \"max\": %.4f, "
              "\"q1\": %.4f, \"q3\": %.4f, \"exit\": %d}\n",
              runs, runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2,
              t[0], t[runs - 1], t[runs / 4], t[(3 * runs) / 4], cmds[c].status);
    }
  posix_spawn_file_actions_destroy (&actions);
  return 0;
}
