// glpk_shim.c: see include/glpk_shim.h for why this file exists.
#include "glpk_shim.h"

#include <glpk.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

// What the hooks of one guarded call share with it. Lives on the guarded frame's stack.
typedef struct {
  jmp_buf jump;
  char output[1024]; // the tail of what GLPK printed during this call
  size_t used;
} guard_context;

static _Thread_local long caught_fatal_errors = 0;

// GLPK keeps one environment per thread (Debian builds it with thread-local storage). Free it when
// a thread ends, or each worker thread leaks a few kilobytes.
static pthread_key_t environment_key;
static pthread_once_t environment_key_once = PTHREAD_ONCE_INIT;

static void free_environment_at_thread_exit(void *unused) {
  (void)unused;
  glp_free_env();
}

static void make_environment_key(void) {
  pthread_key_create(&environment_key, free_environment_at_thread_exit);
}

static void remember_environment_for_this_thread(void) {
  pthread_once(&environment_key_once, make_environment_key);
  if (pthread_getspecific(environment_key) == NULL) {
    pthread_setspecific(environment_key, (void *)1);
  }
}

// Keeps what GLPK prints (the last part of it) instead of writing it to stdout.
static int capture_output(void *info, const char *text) {
  guard_context *context = info;
  size_t length = strlen(text);
  size_t room = sizeof(context->output) - 1;
  if (length >= room) {
    text += length - room;
    length = room;
    context->used = 0;
  } else if (context->used + length > room) {
    size_t keep = room - length;
    memmove(context->output, context->output + context->used - keep, keep);
    context->used = keep;
  }
  memcpy(context->output + context->used, text, length);
  context->used += length;
  context->output[context->used] = '\0';
  return 1; // non-zero: GLPK prints nothing itself
}

// GLPK's fatal-error hook: leave the GLPK call by jumping back to the guarded frame.
static void on_fatal_error(void *info) {
  guard_context *context = info;
  longjmp(context->jump, 1);
}

static void copy_message(smx_result *result, const char *text) {
  // Keep GLPK's message on one line: join its lines with "; ".
  size_t out = 0;
  size_t capacity = sizeof(result->message) - 1;
  for (const char *p = text; *p != '\0' && out < capacity; p++) {
    if (*p == '\n') {
      if (p[1] != '\0' && out + 2 < capacity) {
        result->message[out++] = ';';
        result->message[out++] = ' ';
      }
    } else {
      result->message[out++] = *p;
    }
  }
  result->message[out] = '\0';
}

static const int bound_types[] = {GLP_FR, GLP_LO, GLP_UP, GLP_DB, GLP_FX};

static void load_problem(glp_prob *lp, const smx_problem *problem) {
  glp_set_obj_dir(lp, GLP_MIN);
  glp_set_obj_coef(lp, 0, problem->objective_constant);
  if (problem->num_rows > 0) {
    glp_add_rows(lp, problem->num_rows);
    for (int i = 0; i < problem->num_rows; i++) {
      glp_set_row_bnds(lp, i + 1, bound_types[problem->row_bound[i]], problem->row_lower[i],
                       problem->row_upper[i]);
      if (problem->row_names != NULL && problem->row_names[i] != NULL) {
        glp_set_row_name(lp, i + 1, problem->row_names[i]);
      }
    }
  }
  if (problem->num_cols > 0) {
    glp_add_cols(lp, problem->num_cols);
    for (int j = 0; j < problem->num_cols; j++) {
      int kind = problem->col_kind[j];
      glp_set_col_kind(lp, j + 1, kind == SMX_BINARY ? GLP_BV : kind == SMX_INTEGER ? GLP_IV : GLP_CV);
      if (kind != SMX_BINARY) {
        glp_set_col_bnds(lp, j + 1, bound_types[problem->col_bound[j]], problem->col_lower[j],
                         problem->col_upper[j]);
      }
      glp_set_obj_coef(lp, j + 1, problem->objective[j]);
      if (problem->col_names != NULL && problem->col_names[j] != NULL) {
        glp_set_col_name(lp, j + 1, problem->col_names[j]);
      }
    }
  }
  glp_load_matrix(lp, problem->num_nonzeros, problem->nz_row, problem->nz_col, problem->nz_value);
}

// Branch-and-bound callback: keeps the latest proven bound and gap, for honest reporting of a
// search that a limit stopped.
typedef struct {
  double best_bound;
  double gap;
  int has_bound;
} search_progress;

static void record_progress(glp_tree *tree, void *info) {
  search_progress *progress = info;
  int reason = glp_ios_reason(tree);
  if (reason != GLP_IBINGO && reason != GLP_ISELECT && reason != GLP_IROWGEN) return;
  int node = glp_ios_best_node(tree);
  if (node != 0) {
    progress->best_bound = glp_ios_node_bound(tree, node);
    progress->gap = glp_ios_mip_gap(tree);
    progress->has_bound = 1;
  }
}

static void begin_guard(guard_context *context) {
  context->used = 0;
  context->output[0] = '\0';
  remember_environment_for_this_thread();
  glp_term_hook(capture_output, context);
  glp_error_hook(on_fatal_error, context);
}

static void end_guard(void) {
  glp_error_hook(NULL, NULL);
  glp_term_hook(NULL, NULL);
}

static void record_fatal(guard_context *context, smx_result *result) {
  // The manual's rule after a longjmp out of GLPK: free the whole environment of this thread.
  glp_free_env();
  caught_fatal_errors++;
  result->outcome = SMX_GLPK_FATAL;
  copy_message(result, context->output[0] != '\0' ? context->output : "GLPK fatal error");
}

// glp_intopt's GLP_ENODFS says only that the LP relaxation has no dual feasible solution: the
// model is unbounded if it has an integer feasible solution, and infeasible otherwise (GLPK manual,
// glp_intopt; e.g. 2(y1 + y2 + y3) = 3 over binaries next to a column that can fall without end).
// Tell the two apart by searching for any feasible solution, with the objective set to zero, in
// what is left of the time limit.
static int classify_dual_infeasible(glp_prob *lp, glp_iocp *parameters, int time_limit_ms, double started,
                                    smx_result *result) {
  for (int j = 0; j <= glp_get_num_cols(lp); j++) {
    glp_set_obj_coef(lp, j, 0.0);
  }
  double remaining = time_limit_ms - 1000.0 * glp_difftime(glp_time(), started);
  parameters->tm_lim = remaining < 1.0 ? 1 : (int)remaining;
  parameters->mip_gap = 0.0;
  parameters->cb_func = NULL;
  parameters->cb_info = NULL;
  int code = glp_intopt(lp, parameters);
  int status = glp_mip_status(lp);
  if (status == GLP_OPT || status == GLP_FEAS) return SMX_UNBOUNDED;
  if (code == GLP_ENOPFS || status == GLP_NOFEAS) return SMX_INFEASIBLE;
  if (code == GLP_ETMLIM) {
    result->stopped_by = SMX_TIME_LIMIT;
    return SMX_NO_SOLUTION;
  }
  char text[128];
  snprintf(text, sizeof text, "glp_intopt returned %d with MIP status %d on the feasibility check", code, status);
  copy_message(result, text);
  return SMX_SOLVER_ERROR;
}

int smx_solve(const smx_problem *problem, smx_result *result) {
  guard_context context;
  search_progress progress = {0.0, -1.0, 0};
  glp_prob *volatile lp = NULL;

  result->outcome = SMX_SOLVER_ERROR;
  result->stopped_by = SMX_NO_LIMIT;
  result->glpk_return = 0;
  result->objective = 0.0;
  result->best_bound = 0.0;
  result->gap = -1.0;
  result->message[0] = '\0';

  begin_guard(&context);
  if (setjmp(context.jump) != 0) {
    record_fatal(&context, result);
    return result->outcome;
  }

  double started = glp_time();
  lp = glp_create_prob();
  load_problem(lp, problem);

  glp_iocp parameters;
  glp_init_iocp(&parameters);
  parameters.msg_lev = GLP_MSG_OFF;
  parameters.presolve = GLP_ON;
  parameters.tm_lim = problem->time_limit_ms;
  parameters.mip_gap = problem->mip_gap;
  parameters.cb_func = record_progress;
  parameters.cb_info = &progress;

  int code = glp_intopt(lp, &parameters);
  int status = glp_mip_status(lp);
  result->glpk_return = code;
  int has_solution = (status == GLP_OPT || status == GLP_FEAS);

  if (code == 0 && status == GLP_OPT) {
    result->outcome = SMX_OPTIMAL;
  } else if (code == GLP_ENOPFS || status == GLP_NOFEAS) {
    result->outcome = SMX_INFEASIBLE;
  } else if (code == GLP_ENODFS) {
    result->outcome = classify_dual_infeasible(lp, &parameters, problem->time_limit_ms, started, result);
  } else if (code == GLP_ETMLIM || code == GLP_EMIPGAP) {
    result->stopped_by = code == GLP_ETMLIM ? SMX_TIME_LIMIT : SMX_GAP_LIMIT;
    result->outcome = has_solution ? SMX_FEASIBLE : SMX_NO_SOLUTION;
  } else {
    result->outcome = SMX_SOLVER_ERROR;
    char text[128];
    snprintf(text, sizeof text, "glp_intopt returned %d with MIP status %d", code, status);
    copy_message(result, text);
  }

  if (has_solution) {
    result->objective = glp_mip_obj_val(lp);
    for (int j = 0; j < problem->num_cols; j++) {
      result->col_values[j] = glp_mip_col_val(lp, j + 1);
    }
    if (result->outcome == SMX_OPTIMAL) {
      result->best_bound = result->objective;
      result->gap = 0.0;
    } else if (progress.has_bound) {
      result->best_bound = progress.best_bound;
      result->gap = progress.gap;
    }
  }

  glp_delete_prob(lp);
  end_guard();
  return result->outcome;
}

int smx_solve_many(const smx_problem *problems, smx_result *results, int count) {
  for (int i = 0; i < count; i++) {
    smx_solve(&problems[i], &results[i]);
  }
  return count;
}

int smx_write_lp(const smx_problem *problem, const char *path, smx_result *result) {
  guard_context context;
  glp_prob *volatile lp = NULL;
  result->outcome = SMX_OPTIMAL;
  result->message[0] = '\0';

  begin_guard(&context);
  if (setjmp(context.jump) != 0) {
    record_fatal(&context, result);
    return result->outcome;
  }
  lp = glp_create_prob();
  load_problem(lp, problem);
  int code = glp_write_lp(lp, NULL, path);
  glp_delete_prob(lp);
  end_guard();
  if (code != 0) {
    result->outcome = SMX_SOLVER_ERROR;
    copy_message(result, context.output[0] != '\0' ? context.output : "cannot write the LP file");
    return result->outcome;
  }
  return 0;
}

long smx_caught_fatal_errors(void) { return caught_fatal_errors; }
