// glpk_shim.c: see include/glpk_shim.h for why this file exists.
#include "glpk_shim.h"

#include <glpk.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
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

// Branch-and-bound callback: counts the search's work against the deterministic limits (nodes
// created, simplex iterations), stopping it when one is spent, and keeps the latest proven bound
// and gap, for honest reporting of a search that a limit stopped. Counts carry over from one
// glp_intopt call to the next of the same problem (the cutoff re-solve), so the limits bound all
// of a problem's work.
typedef struct {
  double best_bound;
  double gap;
  int has_bound;
  long node_limit;
  long iteration_limit;
  long nodes_before;      // work of this problem's earlier glp_intopt calls
  long iterations_before;
  long nodes;             // this call's
  long iterations;
  int stopped_by;         // SMX_NODE_LIMIT or SMX_ITERATION_LIMIT once the callback stopped it
  int small_model;        // searched as a small model (smx_settings.small_model_columns)
  int integral_relaxation; // the last search's relaxation optimum was integral: it is the answer
} search_progress;

static void record_progress(glp_tree *tree, void *info) {
  search_progress *progress = info;
  int active, current, total;
  glp_ios_tree_size(tree, &active, &current, &total);
  progress->nodes = total;
  progress->iterations = glp_get_it_cnt(glp_ios_get_prob(tree));
  if (progress->stopped_by == SMX_NO_LIMIT) {
    if (progress->node_limit > 0 && progress->nodes_before + progress->nodes > progress->node_limit) {
      progress->stopped_by = SMX_NODE_LIMIT;
    } else if (progress->iteration_limit > 0 &&
               progress->iterations_before + progress->iterations > progress->iteration_limit) {
      progress->stopped_by = SMX_ITERATION_LIMIT;
    }
    if (progress->stopped_by != SMX_NO_LIMIT) glp_ios_terminate(tree);
  }
  int reason = glp_ios_reason(tree);
  if (reason != GLP_IBINGO && reason != GLP_ISELECT && reason != GLP_IROWGEN) return;
  int node = glp_ios_best_node(tree);
  if (node != 0) {
    progress->best_bound = glp_ios_node_bound(tree, node);
    progress->gap = glp_ios_mip_gap(tree);
    progress->has_bound = 1;
  }
}

// Folds one glp_intopt call's work into the problem's totals.
static void end_search_call(search_progress *progress) {
  progress->nodes_before += progress->nodes;
  progress->iterations_before += progress->iterations;
  progress->nodes = 0;
  progress->iterations = 0;
}

// GLPK's tol_obj for every search: a node is pruned when its bound is within tol_obj × (1 + |best|)
// of the best solution. GLPK's default, 1e-7, is $6.50 on a $65,000,000 objective, so a search
// could discard a cheaper plan and still say optimal. At 1e-13, pruning cannot hide one objective
// step (1/10,000 of a dollar for SeatMix) on objectives up to 500,000,000; beyond that the cutoff
// re-solve proves it.
static const double tight_objective_tolerance = 1e-13;

static int remaining_ms(int time_limit_ms, double started) {
  if (time_limit_ms <= 0) return INT_MAX;
  double remaining = time_limit_ms - 1000.0 * glp_difftime(glp_time(), started);
  return remaining < 1.0 ? 1 : (int)remaining;
}

static void apply_settings(glp_iocp *parameters, const smx_problem *problem) {
  const smx_settings *settings = &problem->settings;
  parameters->msg_lev = GLP_MSG_OFF;
  parameters->presolve = settings->presolve < 0 ? GLP_OFF : GLP_ON;
  if (settings->branching > 0) parameters->br_tech = settings->branching;
  if (settings->backtracking > 0) parameters->bt_tech = settings->backtracking;
  parameters->gmi_cuts = (settings->cuts & 1) ? GLP_ON : GLP_OFF;
  parameters->mir_cuts = (settings->cuts & 2) ? GLP_ON : GLP_OFF;
  parameters->cov_cuts = (settings->cuts & 4) ? GLP_ON : GLP_OFF;
  parameters->clq_cuts = (settings->cuts & 8) ? GLP_ON : GLP_OFF;
  // 0 is no limit; a negative one goes to GLPK, which rejects it (a caught fatal error).
  parameters->tm_lim = problem->time_limit_ms != 0 ? problem->time_limit_ms : INT_MAX;
  parameters->mip_gap = problem->mip_gap;
  if (problem->objective_step > 0) parameters->tol_obj = tight_objective_tolerance;
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
  parameters->tm_lim = remaining_ms(time_limit_ms, started);
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

// The objective of the column values with integer columns rounded, without the constant.
static double rounded_objective(const smx_problem *problem, const double *values) {
  double sum = 0.0;
  for (int j = 0; j < problem->num_cols; j++) {
    double value = problem->col_kind[j] == SMX_CONTINUOUS ? values[j] : round(values[j]);
    sum += problem->objective[j] * value;
  }
  return sum;
}

// Whether the column values, integer columns rounded, meet every bound and row of the problem to
// within 1e-6 (the check GLPKSolver makes of every answer). A search on a scaled problem with
// coefficients of millions can return a point that meets its rows only within GLPK's relative
// tolerances, some seats short; such a point is no plan.
static int rounded_solution_fits(const smx_problem *problem, const double *values) {
  const double tolerance = 1e-6;
  for (int j = 0; j < problem->num_cols; j++) {
    double value = problem->col_kind[j] == SMX_CONTINUOUS ? values[j] : round(values[j]);
    int bound = problem->col_kind[j] == SMX_BINARY ? 3 : problem->col_bound[j];
    double lower = problem->col_kind[j] == SMX_BINARY ? 0.0 : problem->col_lower[j];
    double upper = problem->col_kind[j] == SMX_BINARY ? 1.0 : problem->col_upper[j];
    if ((bound == 1 || bound == 3 || bound == 4) && value < lower - tolerance) return 0;
    if ((bound == 2 || bound == 3 || bound == 4) && value > upper + tolerance) return 0;
  }
  if (problem->num_rows == 0) return 1;
  double *activity = calloc((size_t)problem->num_rows, sizeof(double));
  if (activity == NULL) return 0;
  for (int k = 1; k <= problem->num_nonzeros; k++) {
    int j = problem->nz_col[k] - 1;
    double value = problem->col_kind[j] == SMX_CONTINUOUS ? values[j] : round(values[j]);
    activity[problem->nz_row[k] - 1] += problem->nz_value[k] * value;
  }
  int fits = 1;
  for (int i = 0; i < problem->num_rows && fits; i++) {
    int bound = problem->row_bound[i];
    if ((bound == 1 || bound == 3 || bound == 4) && activity[i] < problem->row_lower[i] - tolerance) fits = 0;
    if ((bound == 2 || bound == 3 || bound == 4) && activity[i] > problem->row_upper[i] + tolerance) fits = 0;
  }
  free(activity);
  return fits;
}

// Proves that no integer solution is cheaper than *incumbent (the objective without its constant)
// by one objective step: the model plus the row  sum_j c_j x_j - K w <= -step/2, with w a column
// fixed at 1 and K = *incumbent, must be infeasible. Every objective is a whole number of steps, so
// a solution one step cheaper meets the row with half a step to spare, whatever the rounding of
// its sum. K enters through a fixed column, not the row's bound, so that the bound is small and
// GLPK's primal feasibility tolerance on the row (which grows with the bound) stays far below half a
// step; the presolver is off so that the column stays. GLPK's tolerances can make this problem look
// feasible, never infeasible; a solution it returns is checked here on its rounded values: one that
// is truly cheaper becomes the incumbent and the proof starts again, one that is not means the
// tolerance let the incumbent itself through, and the proof is inconclusive (SMX_PRECISION_LIMIT).
// Returns 1 when proven; 0 when not (result->stopped_by says why).
static int prove_by_cutoff(const smx_problem *problem, smx_result *result, search_progress *progress,
                           double started, double *incumbent, double integrality) {
  int n = problem->num_cols;
  for (;;) {
    glp_prob *cut = glp_create_prob();
    load_problem(cut, problem);
    // Scaled like GLPK's presolver scales the first search: unscaled, a deal of millions of agents
    // (coefficients of 1e7 beside 1) gives a basis so ill-conditioned that the simplex perturbs and
    // stalls without end. The cutoff row and its fixed column are added after scaling, so they
    // keep scale 1 and the row's tolerance stays in objective units, as argued above.
    glp_scale_prob(cut, GLP_SF_AUTO);
    int fixed = glp_add_cols(cut, 1);
    glp_set_col_bnds(cut, fixed, GLP_FX, 1.0, 1.0);
    int row = glp_add_rows(cut, 1);
    int *index = glp_alloc(n + 2, sizeof(int));
    double *value = glp_alloc(n + 2, sizeof(double));
    int count = 0;
    for (int j = 0; j < n; j++) {
      if (problem->objective[j] != 0.0) {
        count++;
        index[count] = j + 1;
        value[count] = problem->objective[j];
      }
    }
    count++;
    index[count] = fixed;
    value[count] = -*incumbent;
    glp_set_mat_row(cut, row, count, index, value);
    glp_set_row_bnds(cut, row, GLP_UP, 0.0, -0.5 * problem->objective_step);
    glp_free(index);
    glp_free(value);
    result->cutoff_solves++;

    glp_smcp relaxation;
    glp_init_smcp(&relaxation);
    relaxation.msg_lev = GLP_MSG_OFF;
    relaxation.presolve = GLP_OFF;
    relaxation.tm_lim = remaining_ms(problem->time_limit_ms, started);
    // The relaxation counts against the deterministic iteration limit too.
    if (problem->iteration_limit > 0) {
      long left = problem->iteration_limit - progress->iterations_before;
      relaxation.it_lim = left < 1 ? 1 : left > INT_MAX ? INT_MAX : (int)left;
    }
    int code = glp_simplex(cut, &relaxation);
    progress->iterations_before += glp_get_it_cnt(cut);
    glp_set_it_cnt(cut, 0);
    int verdict = -1; // 1 proven, 0 stopped, 2 a cheaper incumbent: again
    if (code == 0 && glp_get_status(cut) == GLP_NOFEAS) {
      verdict = 1;
    } else if (code == GLP_ETMLIM) {
      result->stopped_by = SMX_TIME_LIMIT;
      verdict = 0;
    } else if (code == GLP_EITLIM) {
      result->stopped_by = SMX_ITERATION_LIMIT;
      verdict = 0;
    } else if (code == 0 && glp_get_status(cut) == GLP_OPT) {
      glp_iocp parameters;
      glp_init_iocp(&parameters);
      apply_settings(&parameters, problem);
      parameters.tol_int = integrality;
      parameters.presolve = GLP_OFF;
      parameters.tm_lim = remaining_ms(problem->time_limit_ms, started);
      parameters.mip_gap = 0.0;
      parameters.cb_func = record_progress;
      parameters.cb_info = progress;
      code = glp_intopt(cut, &parameters);
      progress->iterations = glp_get_it_cnt(cut);
      end_search_call(progress);
      int status = glp_mip_status(cut);
      if (status == GLP_OPT || status == GLP_FEAS) {
        double *point = glp_alloc(n > 0 ? n : 1, sizeof(double));
        for (int j = 0; j < n; j++) point[j] = glp_mip_col_val(cut, j + 1);
        double found = rounded_objective(problem, point);
        if (found <= *incumbent - 0.5 * problem->objective_step && rounded_solution_fits(problem, point)) {
          for (int j = 0; j < n; j++) result->col_values[j] = point[j];
          *incumbent = found;
          verdict = 2;
        } else {
          // Not cheaper, or not a plan once rounded: GLPK's tolerances let the cutoff row or the
          // model through, and the proof is inconclusive (the incumbent stays).
          result->stopped_by = SMX_PRECISION_LIMIT;
          verdict = 0;
        }
        glp_free(point);
      } else if (status == GLP_NOFEAS && code == 0) {
        verdict = 1;
      }
      if (verdict != 1 && progress->stopped_by != SMX_NO_LIMIT) {
        result->stopped_by = progress->stopped_by;
        if (verdict != 2) verdict = 0;
      } else if (verdict != 1 && code == GLP_ETMLIM) {
        result->stopped_by = SMX_TIME_LIMIT;
        if (verdict != 2) verdict = 0;
      }
      if (verdict == 2 && result->stopped_by != SMX_NO_LIMIT && result->stopped_by != SMX_PRECISION_LIMIT) {
        verdict = 0; // a cheaper incumbent, but no work left to prove it
      }
    }
    glp_delete_prob(cut);
    if (verdict == 1) return 1;
    if (verdict == 2) continue;
    if (verdict < 0) result->stopped_by = SMX_PRECISION_LIMIT;
    return 0;
  }
}

// Whether every integer column of lp's basic solution is within tol_int of an integer: the test
// glp_intopt makes of a node's relaxation (its check_integrality) before it branches.
static int relaxation_is_integral(glp_prob *lp, double tol_int) {
  int n = glp_get_num_cols(lp);
  for (int j = 1; j <= n; j++) {
    if (glp_get_col_kind(lp, j) == GLP_CV) continue;
    double value = glp_get_col_prim(lp, j);
    if (fabs(value - floor(value + 0.5)) > tol_int) return 0;
  }
  return 1;
}

// Whether lp's optimal basic solution is its relaxation's only optimum. The optimal face is the
// feasible points with every nonbasic variable of nonzero reduced cost at its bound (complementary
// slackness); when no other nonbasic variable can move (none has a reduced cost within tolerance of
// zero: dual nondegeneracy) it is this point. Otherwise a second LP on a copy asks whether those
// that could move can: with the others fixed at their bounds, it maximises how far the zero-cost
// ones move off theirs; an optimum of zero means they cannot, and the point is the only optimum.
// Then every exact search finds this point, GLPK's presolved one included.
static int relaxation_optimum_is_unique(glp_prob *lp) {
  int n = glp_get_num_cols(lp);
  int m = glp_get_num_rows(lp);
  double largest = 1.0;
  for (int j = 1; j <= n; j++) {
    if (fabs(glp_get_obj_coef(lp, j)) > largest) largest = fabs(glp_get_obj_coef(lp, j));
  }
  // Far above the rounding of reduced costs made of costs up to `largest`; a true reduced cost
  // this small only makes the second LP (or GLPK's own search) decide.
  double tolerance = 1e-7 * largest;
  int free_to_move = 0;
  for (int j = 1; j <= n; j++) {
    int status = glp_get_col_stat(lp, j);
    if (status != GLP_BS && status != GLP_NS && fabs(glp_get_col_dual(lp, j)) <= tolerance) free_to_move++;
  }
  for (int i = 1; i <= m; i++) {
    int status = glp_get_row_stat(lp, i);
    if (status != GLP_BS && status != GLP_NS && fabs(glp_get_row_dual(lp, i)) <= tolerance) free_to_move++;
  }
  if (free_to_move == 0) return 1;

  glp_prob *face = glp_create_prob();
  glp_copy_prob(face, lp, GLP_OFF);
  double *cost = glp_alloc(n + 1, sizeof(double));
  int *index = glp_alloc(n + 1, sizeof(int));
  double *value = glp_alloc(n + 1, sizeof(double));
  for (int j = 0; j <= n; j++) cost[j] = 0.0;
  int unique = 1;
  for (int j = 1; j <= n && unique; j++) {
    int status = glp_get_col_stat(lp, j);
    if (status == GLP_BS || status == GLP_NS) continue;
    if (status == GLP_NF) {
      unique = 0; // a free nonbasic column: leave the question to GLPK's search
    } else if (fabs(glp_get_col_dual(lp, j)) > tolerance) {
      double bound = status == GLP_NL ? glp_get_col_lb(lp, j) : glp_get_col_ub(lp, j);
      glp_set_col_bnds(face, j, GLP_FX, bound, bound);
    } else {
      cost[j] += status == GLP_NL ? -1.0 : 1.0; // minimise: move up from a lower bound, down from an upper one
    }
  }
  for (int i = 1; i <= m && unique; i++) {
    int status = glp_get_row_stat(lp, i);
    if (status == GLP_BS || status == GLP_NS) continue;
    if (status == GLP_NF) {
      unique = 0;
    } else if (fabs(glp_get_row_dual(lp, i)) > tolerance) {
      double bound = status == GLP_NL ? glp_get_row_lb(lp, i) : glp_get_row_ub(lp, i);
      glp_set_row_bnds(face, i, GLP_FX, bound, bound);
    } else {
      double sign = status == GLP_NL ? -1.0 : 1.0;
      int length = glp_get_mat_row(lp, i, index, value);
      for (int k = 1; k <= length; k++) cost[index[k]] += sign * value[k];
    }
  }
  if (unique) {
    for (int j = 1; j <= n; j++) glp_set_obj_coef(face, j, cost[j]);
    glp_set_obj_coef(face, 0, 0.0);
    glp_smcp parameters;
    glp_init_smcp(&parameters);
    parameters.msg_lev = GLP_MSG_OFF;
    int code = glp_simplex(face, &parameters);
    // Movement is in seats and storage blocks: anything measurable is a move.
    unique = code == 0 && glp_get_status(face) == GLP_OPT && glp_get_obj_val(face) > -1e-6;
  }
  glp_free(cost);
  glp_free(index);
  glp_free(value);
  glp_delete_prob(face);
  return unique;
}

// One branch-and-cut search of lp (loaded from problem) under parameters; returns glp_intopt's code
// (or the relaxation's verdict when GLPK's presolver is off) and folds its work into progress.
//
// A small model (progress->small_model) is one of a batch's six-group deals: a few dozen columns,
// on which GLPK's presolver, scaling and search tree cost twice what its LP relaxation does. Its
// relaxation is solved first, by the dual simplex from the slack basis (every column at its lower
// bound is dual feasible when costs are not negative, so it needs no phase 1; GLPK falls back to
// the primal simplex otherwise). When that optimum is integral and the only one, it is the answer:
// its bound equals its objective, so no plan is cheaper, and GLPK's own search (which takes an
// integral root as its answer) would return the same point. Otherwise (a fractional optimum, where
// branch and bound without the presolver can find another of optima that tie; or optima that tie
// at the root) the model gets GLPK's own search, as any other model: every answer is the one it
// always was.
static int search(glp_prob *lp, glp_iocp *parameters, search_progress *progress) {
  int code = 0;
  progress->integral_relaxation = 0;
  if (progress->small_model) {
    glp_smcp relaxation;
    glp_init_smcp(&relaxation);
    relaxation.msg_lev = GLP_MSG_OFF;
    relaxation.tm_lim = parameters->tm_lim;
    relaxation.meth = GLP_DUALP;
    code = glp_simplex(lp, &relaxation);
    progress->iterations_before += glp_get_it_cnt(lp);
    glp_set_it_cnt(lp, 0);
    if (code == 0 && glp_get_status(lp) == GLP_OPT && relaxation_is_integral(lp, parameters->tol_int) &&
        relaxation_optimum_is_unique(lp)) {
      progress->integral_relaxation = 1;
      progress->nodes_before += 1; // the root, as glp_intopt would count it
      return 0;
    }
    // A fractional optimum, optima that tie, infeasible or unbounded: GLPK's own search, from the
    // problem as loaded, so that the verdict and the plan are the ones it always gave.
    code = 0;
  } else if (parameters->presolve == GLP_OFF) {
    // Without GLPK's presolver, glp_intopt starts from an optimal basis of the LP relaxation.
    glp_smcp relaxation;
    glp_init_smcp(&relaxation);
    relaxation.msg_lev = GLP_MSG_OFF;
    relaxation.tm_lim = parameters->tm_lim;
    code = glp_simplex(lp, &relaxation);
    progress->iterations_before += glp_get_it_cnt(lp);
    glp_set_it_cnt(lp, 0);
    if (code == 0 && glp_get_status(lp) == GLP_NOFEAS) code = GLP_ENOPFS;
    else if (code == 0 && glp_get_status(lp) == GLP_UNBND) code = GLP_ENODFS;
  }
  if (code == 0) code = glp_intopt(lp, parameters);
  progress->iterations = glp_get_it_cnt(lp) > progress->iterations ? glp_get_it_cnt(lp) : progress->iterations;
  end_search_call(progress);
  return code;
}

// GLPK's tol_int for the re-solve of a search whose answer, rounded, breaks a row. GLPK takes a
// column within tol_int (default 1e-5) of an integer as integral, so a binary at 1 − 5.7e-6 beside
// a coefficient of 527,908 passes as 1 while its row is 3 seats short (a deal of millions of agents:
// the pools' rows hold every group's peak). At 1e-7 over the largest coefficient no column can
// move a row by more than about 1e-7 per entry when rounded; not below 1e-13, near the simplex's
// own rounding error on values of millions.
static double integrality_tolerance(const smx_problem *problem) {
  double largest = 1.0;
  for (int k = 1; k <= problem->num_nonzeros; k++) {
    if (fabs(problem->nz_value[k]) > largest) largest = fabs(problem->nz_value[k]);
  }
  double tolerance = 1e-7 / largest;
  return tolerance < 1e-13 ? 1e-13 : tolerance;
}

// The search's MIP status and column values: those of its integral relaxation when it was the
// answer (integer columns rounded, as glp_intopt records a solution), else glp_intopt's.
static int search_status(glp_prob *lp, const search_progress *progress) {
  return progress->integral_relaxation ? GLP_OPT : glp_mip_status(lp);
}

static double search_value(glp_prob *lp, const search_progress *progress, int column) {
  if (!progress->integral_relaxation) return glp_mip_col_val(lp, column);
  double value = glp_get_col_prim(lp, column);
  return glp_get_col_kind(lp, column) == GLP_CV ? value : floor(value + 0.5);
}

static double search_objective(glp_prob *lp, const search_progress *progress) {
  return progress->integral_relaxation ? glp_get_obj_val(lp) : glp_mip_obj_val(lp);
}

// Whether the problem is searched as a small model (smx_settings.small_model_columns).
static int is_small_model(const smx_problem *problem) {
  if (problem->settings.small_model_columns <= 0 || problem->num_cols > problem->settings.small_model_columns) return 0;
  // Its fallback is GLPK's search with the presolver, which needs no optimal basis.
  if (problem->settings.presolve < 0) return 0;
  // Large coefficients (a deal of millions of agents) want GLPK's scaling.
  for (int k = 1; k <= problem->num_nonzeros; k++) {
    if (fabs(problem->nz_value[k]) > 1e6) return 0;
  }
  return 1;
}

int smx_solve(const smx_problem *problem, smx_result *result) {
  guard_context context;
  search_progress progress = {0.0, -1.0, 0, problem->node_limit, problem->iteration_limit, 0, 0, 0, 0,
                              SMX_NO_LIMIT, is_small_model(problem), 0};
  glp_prob *volatile lp = NULL;

  result->outcome = SMX_SOLVER_ERROR;
  result->stopped_by = SMX_NO_LIMIT;
  result->glpk_return = 0;
  result->objective = 0.0;
  result->best_bound = 0.0;
  result->gap = -1.0;
  result->has_bound = 0;
  result->nodes = 0;
  result->iterations = 0;
  result->cutoff_solves = 0;
  result->integrality_resolves = 0;
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
  apply_settings(&parameters, problem);
  parameters.cb_func = record_progress;
  parameters.cb_info = &progress;

  int code = search(lp, &parameters, &progress);
  int status = search_status(lp, &progress);
  if ((status == GLP_OPT || status == GLP_FEAS) && progress.stopped_by == SMX_NO_LIMIT) {
    for (int j = 0; j < problem->num_cols; j++) result->col_values[j] = search_value(lp, &progress, j + 1);
    if (!rounded_solution_fits(problem, result->col_values)) {
      // GLPK's integrality tolerance let a column through that, rounded, breaks a row: search
      // again from scratch with a tolerance the coefficients cannot magnify past a seat. The work
      // counts against the same limits.
      glp_delete_prob(lp);
      lp = glp_create_prob();
      load_problem(lp, problem);
      parameters.tol_int = integrality_tolerance(problem);
      parameters.tm_lim = remaining_ms(problem->time_limit_ms, started);
      result->integrality_resolves++;
      code = search(lp, &parameters, &progress);
      status = search_status(lp, &progress);
    }
  }
  result->glpk_return = code;
  int has_solution = (status == GLP_OPT || status == GLP_FEAS);

  if (code == 0 && status == GLP_OPT) {
    result->outcome = SMX_OPTIMAL;
  } else if (code == GLP_ENOPFS || status == GLP_NOFEAS) {
    result->outcome = SMX_INFEASIBLE;
  } else if (code == GLP_ENODFS) {
    result->outcome = classify_dual_infeasible(lp, &parameters, problem->time_limit_ms, started, result);
  } else if (code == GLP_ETMLIM || code == GLP_EMIPGAP || (code == GLP_ESTOP && progress.stopped_by != SMX_NO_LIMIT)) {
    result->stopped_by = code == GLP_ETMLIM ? SMX_TIME_LIMIT : code == GLP_EMIPGAP ? SMX_GAP_LIMIT : progress.stopped_by;
    result->outcome = has_solution ? SMX_FEASIBLE : SMX_NO_SOLUTION;
  } else {
    result->outcome = SMX_SOLVER_ERROR;
    char text[128];
    snprintf(text, sizeof text, "glp_intopt returned %d with MIP status %d", code, status);
    copy_message(result, text);
  }

  if (has_solution) {
    for (int j = 0; j < problem->num_cols; j++) {
      result->col_values[j] = search_value(lp, &progress, j + 1);
    }
    result->objective = search_objective(lp, &progress);
    if (result->outcome == SMX_OPTIMAL && problem->objective_step > 0 &&
        tight_objective_tolerance * (1.0 + fabs(result->objective)) >= 0.5 * problem->objective_step) {
      // The tolerance could hide a step at this size: prove it with a cutoff re-solve.
      double incumbent = rounded_objective(problem, result->col_values);
      double before = incumbent;
      if (!prove_by_cutoff(problem, result, &progress, started, &incumbent, parameters.tol_int)) {
        result->outcome = SMX_FEASIBLE;
      }
      if (incumbent != before) result->objective = incumbent + problem->objective_constant;
    }
    if (result->outcome == SMX_OPTIMAL) {
      result->best_bound = result->objective;
      result->gap = 0.0;
    } else if (result->stopped_by != SMX_NO_LIMIT && code == 0) {
      // GLPK proved the incumbent optimal within its own tolerance; the cutoff re-solve stopped.
      result->best_bound = result->objective - tight_objective_tolerance * (1.0 + fabs(result->objective));
      result->gap = fabs(result->objective - result->best_bound) / (DBL_EPSILON + fabs(result->objective));
    } else if (progress.has_bound) {
      result->best_bound = progress.best_bound;
      result->gap = progress.gap;
    }
    result->has_bound = result->gap >= 0;
  } else if (result->outcome == SMX_NO_SOLUTION && progress.has_bound) {
    // No plan yet, but the bound of the nodes left bounds every plan (a deal's other programs may
    // have one: their gap is over the smallest bound).
    result->best_bound = progress.best_bound;
    result->has_bound = 1;
  }
  result->nodes = progress.nodes_before;
  result->iterations = progress.iterations_before;

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
