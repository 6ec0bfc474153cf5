"""End-to-end test of SeatMix's web pages in headless Chromium (Debian's chromium and chromium-driver).

Run by scripts/check-browser-e2e, which starts `seatmix serve` and passes its address:

    "$(scripts/python-env)" scripts/browser-e2e.py --base http://127.0.0.1:PORT --shots DIR

It enters the seed document's example in the calculator (100 agents who need WFM and QM, held to
Elite, concurrent licensing, peak 25) and expects 25 Elite concurrent seats, 75 WFM, 75 QM and no AI
Expert Assist; saves it; opens the share link in a fresh browser (a new profile: no cookies, no
storage, no secret) and expects the same plan; gives the secret, edits the deal and expects a second
revision; checks that a hostile group name stays text, that the keyboard alone can add a group, that
nothing is wider than a 390 px screen, and runs a batch. Every page must log no console error.
Screenshots at 1280 and 390 px wide go to --shots.
"""

import argparse
import atexit
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.request

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not look for a driver online

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
WAIT = 60  # seconds for one step: a debug build on a loaded two-core machine is slow


def temporary_folder(prefix):
    """A folder deleted when the test ends."""
    folder = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


class Failure(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def browser(width=1280, height=1000, downloads=None):
    """A new headless Chromium with its own empty profile: a fresh browser context."""
    options = webdriver.ChromeOptions()
    if downloads:
        options.add_experimental_option(
            "prefs", {"download.default_directory": downloads, "download.prompt_for_download": False}
        )
    options.binary_location = CHROMIUM
    profile = temporary_folder("seatmix-e2e-profile-")
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--metrics-recording-only",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    return driver


def console_errors(driver):
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def wait(driver, condition, what, timeout=WAIT):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)
    except TimeoutException:
        raise Failure(f"timed out waiting for {what}") from None


def plan_number(driver, plan_id="plan"):
    return int(driver.find_element(By.ID, plan_id).get_attribute("data-number") or 0)


def wait_for_new_plan(driver, after, what):
    """Waits until #plan shows a plan newer than number `after`, and no newer one is on its way."""

    def ready(d):
        plan = d.find_element(By.ID, "plan")
        return plan.get_attribute("data-state") == "ready" and int(plan.get_attribute("data-number") or 0) > after

    wait(driver, ready, what)
    time.sleep(0.6)  # past the editor's debounce: a later keystroke would have started a new plan
    wait(driver, ready, what)


def line_items(driver, container_id):
    """SKU → quantity of the line items shown in one plan container."""
    rows = driver.find_elements(By.CSS_SELECTOR, f"#{container_id} tr[data-sku]")
    return {row.get_attribute("data-sku"): int(row.find_element(By.CSS_SELECTOR, ".qty").text) for row in rows}


def expect_seed_plan(items, where, elite=25, add_ons=75):
    check(items.get("elite-concurrent") == elite, f"{where}: expected {elite} Elite concurrent seats, got {items}")
    check(items.get("wfm") == add_ons, f"{where}: expected {add_ons} WFM, got {items}")
    check(items.get("qm") == add_ons, f"{where}: expected {add_ons} QM, got {items}")
    check("ai-expert-assist" not in items, f"{where}: expected no AI Expert Assist, got {items}")


def expect_comparison_chart(driver, container_id, where):
    """The single-plan comparison chart in `container_id`: a bar for the optimum and one for each
    possible single plan, the best marked. Returns the bars' labels."""
    bars = driver.find_elements(By.CSS_SELECTOR, f"#{container_id} svg.comparison-chart rect.bar")
    check(len(bars) >= 2, f"{where}: the comparison chart has the optimum and the single plans: {len(bars)} bars")
    check(
        len(driver.find_elements(By.CSS_SELECTOR, f"#{container_id} svg rect.bar.optimum")) == 1,
        f"{where}: the chart marks the optimum",
    )
    labels = [e.text for e in driver.find_elements(By.CSS_SELECTOR, f"#{container_id} svg text.bar-label")]
    check(labels and labels[0] == "Optimum", f"{where}: the chart's first bar is the optimum: {labels}")
    return labels


def set_value(element, value):
    element.clear()
    element.send_keys(str(value))


def set_checkbox(element, checked):
    if element.is_selected() != checked:
        element.click()


def screenshot(driver, path, width):
    """The whole page at `width` CSS pixels wide (device metrics overridden, height to fit)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    time.sleep(0.3)
    height = driver.execute_script("return Math.ceil(document.documentElement.scrollHeight)")
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": min(height, 6000), "deviceScaleFactor": 1, "mobile": width < 600},
    )
    time.sleep(0.3)
    driver.save_screenshot(path)
    print(f"  screenshot {path} ({width} px wide)")
    overflow = driver.execute_script("return document.documentElement.scrollWidth")
    widest = driver.execute_script(
        "let w = null; for (const e of document.querySelectorAll('body *')) {"
        " const r = e.getBoundingClientRect(); if (r.right > innerWidth + 1 && (!w || r.right > w.r))"
        " w = {r: r.right, tag: e.tagName, id: e.id, cls: e.className}; } return w;"
    )
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    check(overflow <= width, f"{path}: the page is {overflow} px wide at a {width} px screen (widest: {widest})")


def viewport_screenshot(driver, path, width, height):
    """The top of the page only, `width` × `height` (docs/calculator.png is one)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
    )
    driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
    time.sleep(0.3)
    driver.save_screenshot(path)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    print(f"  screenshot {path} ({width} × {height})")


def fill_seed_example(driver):
    """The seed document's example: 100 agents needing WFM and QM on Elite concurrent, peak 25."""
    before = plan_number(driver)
    set_value(driver.find_element(By.ID, "deal-name"), "Seed example, 100 agents on Elite concurrent")
    Select(driver.find_element(By.ID, "deal-licensing")).select_by_value("concurrent")
    group = driver.find_element(By.CSS_SELECTOR, "#groups .group")
    set_value(group.find_element(By.CSS_SELECTOR, "input[name=name]"), "Agents")
    set_value(group.find_element(By.CSS_SELECTOR, "input[name=agents]"), 100)
    set_value(group.find_element(By.CSS_SELECTOR, "input[name=peak_concurrent]"), 25)
    for feature in ("voice", "wfm", "qm"):
        set_checkbox(group.find_element(By.CSS_SELECTOR, f"input[data-feature='{feature}']"), True)
    Select(group.find_element(By.CSS_SELECTOR, "select[name=tier]")).select_by_value("elite")
    wait_for_new_plan(driver, before, "the seed example's plan")


def test_calculator_and_share(base, shots):
    driver = browser()
    shared = None
    try:
        driver.get(base + "/")
        check(driver.find_element(By.TAG_NAME, "h1").text == "License mix calculator", "the calculator's heading")
        wait_for_new_plan(driver, 0, "the first plan")

        print("calculator: the seed example")
        fill_seed_example(driver)
        expect_seed_plan(line_items(driver, "plan"), "calculator")
        groups = driver.find_elements(By.CSS_SELECTOR, "#plan .plan-groups tbody tr")
        check(len(groups) == 1 and "Elite" in groups[0].text and "concurrent" in groups[0].text, "the group is on Elite concurrent")
        warnings = driver.find_element(By.CSS_SELECTOR, "#plan .warnings").text
        check("estimated" in warnings, "the estimated-price warning is shown")
        calculator_chart = expect_comparison_chart(driver, "comparison-chart", "calculator")
        wait(driver, lambda d: d.find_element(By.ID, "break-even-chart").get_attribute("data-state") == "ready", "the break-even curve")
        lines = driver.find_elements(By.CSS_SELECTOR, "#break-even-chart svg polyline")
        check(len(lines) == 3, f"the break-even chart has named, concurrent and optimum lines: {len(lines)}")
        viewport_screenshot(driver, os.path.join(shots, "calculator-readme.png"), 1280, 840)
        screenshot(driver, os.path.join(shots, "calculator-1280.png"), 1280)
        screenshot(driver, os.path.join(shots, "calculator-390.png"), 390)

        print("calculator: save and share")
        driver.find_element(By.ID, "save-deal").click()
        share_input = wait(driver, EC.visibility_of_element_located((By.ID, "share-url")), "the share link")
        share_url = share_input.get_attribute("value")
        secret = driver.find_element(By.ID, "secret-value").get_attribute("value")
        check(share_url.startswith(base + "/d/"), f"the share link is the service's: {share_url}")
        check(secret and secret not in share_url, "the secret is not part of the share link")
        check("revision 1" in driver.find_element(By.ID, "saved-revision").text, "saved as revision 1")
        errors = console_errors(driver)
        check(not errors, f"console errors on the calculator: {errors}")
    finally:
        driver.quit()

    print("share page: a fresh browser")
    shared = browser()
    try:
        shared.get(share_url)
        expect_seed_plan(line_items(shared, "frozen-plan"), "share page")
        shared_chart = expect_comparison_chart(shared, "frozen-comparison", "share page")
        check(shared_chart == calculator_chart, f"the share page's chart is the calculator's: {shared_chart} vs {calculator_chart}")
        revisions = shared.find_elements(By.CSS_SELECTOR, "#revision-list li")
        check(len(revisions) == 1, f"one revision listed, got {len(revisions)}")
        check(shared.find_element(By.ID, "deal-editor").get_attribute("hidden") is not None, "the editor is hidden without the secret")

        print("share page: edit with the secret")
        set_value(shared.find_element(By.ID, "deal-secret"), secret)
        shared.find_element(By.ID, "unlock-deal").click()
        wait(shared, EC.visibility_of_element_located((By.ID, "deal-form")), "the editor")
        wait_for_new_plan(shared, 0, "the editor's plan")
        expect_seed_plan(line_items(shared, "plan"), "share page editor")
        before = plan_number(shared)
        group = shared.find_element(By.CSS_SELECTOR, "#groups .group")
        set_value(group.find_element(By.CSS_SELECTOR, "input[name=peak_concurrent]"), 30)
        wait_for_new_plan(shared, before, "the edited plan")
        expect_seed_plan(line_items(shared, "plan"), "edited plan", elite=30, add_ons=70)
        shared.find_element(By.ID, "save-deal").click()
        wait(shared, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#revision-list li")) == 2, "a second revision")
        check("Revision 2 of 2" in shared.find_element(By.ID, "revision-line").text, "the page shows revision 2")
        expect_seed_plan(line_items(shared, "frozen-plan"), "revision 2", elite=30, add_ons=70)
        expect_comparison_chart(shared, "frozen-comparison", "revision 2")
        screenshot(shared, os.path.join(shots, "shared-1280.png"), 1280)
        screenshot(shared, os.path.join(shots, "shared-390.png"), 390)

        print("share page: revision 1 is kept as it was")
        shared.get(share_url + "?revision=1")
        expect_seed_plan(line_items(shared, "frozen-plan"), "revision 1 after the edit")
        errors = console_errors(shared)
        check(not errors, f"console errors on the share page: {errors}")
    finally:
        shared.quit()


def test_keyboard_hostile_name_and_problems(base):
    driver = browser()
    try:
        driver.get(base + "/")
        wait_for_new_plan(driver, 0, "the first plan")
        print("calculator: the keyboard alone adds a group and gets a plan")
        ActionChains(driver).send_keys(Keys.TAB).perform()
        check(driver.switch_to.active_element.get_attribute("class") == "skip-link", "the first Tab reaches the skip link")
        add = driver.find_element(By.ID, "add-group")
        for _ in range(200):
            if driver.switch_to.active_element == add:
                break
            ActionChains(driver).send_keys(Keys.TAB).perform()
        check(driver.switch_to.active_element == add, "Tab reaches 'Add a group'")
        outline = driver.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
        check(outline not in ("none", ""), f"the focused button shows its focus (outline {outline})")
        before = plan_number(driver)
        ActionChains(driver).send_keys(Keys.ENTER).perform()
        focused = driver.switch_to.active_element
        check(focused.get_attribute("name") == "name", "focus moves to the new group's name")
        focused.send_keys(" two")
        wait_for_new_plan(driver, before, "the plan with two groups")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#plan .plan-groups tbody tr")) == 2, "two groups planned")

        print("calculator: a hostile group name stays text")
        hostile = '<img src=x onerror="document.title=1">&amp;'
        before = plan_number(driver)
        set_value(driver.find_element(By.CSS_SELECTOR, "#groups .group input[name=name]"), hostile)
        wait_for_new_plan(driver, before, "the plan of the hostile name")
        cell = driver.find_element(By.CSS_SELECTOR, "#plan .plan-groups tbody th")
        check(cell.text == hostile, f"the group name is shown as typed: {cell.text!r}")
        check(not driver.find_elements(By.CSS_SELECTOR, "#plan img, #groups img"), "no element made from the name")

        print("calculator: a problem is shown by its field")
        peak = driver.find_elements(By.CSS_SELECTOR, "#groups .group input[name=peak_concurrent]")[1]
        set_value(peak, 5000)
        wait(driver, lambda d: d.find_element(By.ID, "plan").get_attribute("data-state") == "problem", "the problem")
        message = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#groups .group:nth-child(2) .field-error"), "the field's message")
        check("peak 5000" in message[0].text, f"the message by the field names the peak: {message[0].text!r}")
        check(peak.get_attribute("aria-invalid") == "true", "the field is marked invalid")
        check(message[0].get_attribute("id") in peak.get_attribute("aria-describedby"), "the field is described by its message")
        errors = console_errors(driver)
        # A 422 answer is logged by Chromium as a failed resource load: that is the API's answer to
        # the deal, not a script error.
        errors = [e for e in errors if "status of 422" not in e.get("message", "")]
        check(not errors, f"console errors: {errors}")
    finally:
        driver.quit()


def wait_for_file(folder, name, what):
    path = os.path.join(folder, name)
    deadline = time.time() + WAIT
    while time.time() < deadline:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            return path
        time.sleep(0.2)
    raise Failure(f"timed out waiting for {what} ({path}); the folder has {os.listdir(folder)}")


def test_import_export_and_reports(base, seatmix, example_yaml):
    downloads = temporary_folder("seatmix-e2e-downloads-")
    driver = browser(downloads=downloads)
    try:
        driver.get(base + "/")
        wait_for_new_plan(driver, 0, "the first plan")
        print("calculator: import a YAML deal file")
        before = plan_number(driver)
        driver.find_element(By.ID, "import-file").send_keys(os.path.abspath(example_yaml))
        wait_for_new_plan(driver, before, "the imported deal's plan")
        check(driver.find_element(By.ID, "deal-name").get_attribute("value") == "Mixed contact center", "the deal's name")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#groups .group")) == 3, "the deal's three groups")
        check(driver.find_element(By.ID, "account-virtual-agent").is_selected(), "the account add-on")
        check(driver.find_element(By.ID, "account-toll-free-number").get_attribute("value") == "4", "the toll-free numbers")
        expected = json.loads(run([seatmix, "optimize", example_yaml, "-f", "json"]))
        shown = driver.find_element(By.CSS_SELECTOR, "#plan .total-monthly").text
        check(shown == money(expected["monthly_total"]), f"the page's total {shown} is the CLI's {expected['monthly_total']}")

        print("calculator: import YAML the server reads (anchors, block scalars), and a file with problems")
        folder = temporary_folder("seatmix-e2e-import-")
        anchored = os.path.join(folder, "anchored.yaml")
        with open(anchored, "w", encoding="utf-8") as file:
            file.write(ANCHORED_DEAL)
        before = plan_number(driver)
        driver.find_element(By.ID, "import-file").send_keys(anchored)
        wait_for_new_plan(driver, before, "the anchored deal's plan")
        check(driver.find_element(By.ID, "deal-name").get_attribute("value") == "Anchored deal", "the folded name")
        leads = driver.find_elements(By.CSS_SELECTOR, "#groups .group")[1]
        for feature in ("wfm", "qm"):
            check(leads.find_element(By.CSS_SELECTOR, f"input[data-feature='{feature}']").is_selected(), f"the alias gives {feature}")
        status = driver.find_element(By.ID, "file-status")
        check(status.text == "Imported anchored.yaml.", f"the import says so: {status.text!r}")
        bad = os.path.join(folder, "bad-deal.yaml")
        shutil.copy("Tests/SeatMixTests/Fixtures/deals/bad-many-problems.yaml", bad)
        driver.find_element(By.ID, "import-file").send_keys(bad)
        wait(driver, lambda d: d.find_element(By.ID, "file-status").get_attribute("data-state") == "problem", "the import's problems")
        text = driver.find_element(By.ID, "file-status").text
        for located in ("line 3, licencing: unknown field", "line 7, groups[0].agents: -40 is negative", "line 12, groups[1].features"):
            check(located in text, f"the import tells {located!r}: {text!r}")
        check(driver.find_element(By.ID, "deal-name").get_attribute("value") == "Anchored deal", "a refused file leaves the form as it was")

        print("calculator: export the deal as JSON; the CLI plans it the same")
        before = plan_number(driver)
        driver.find_element(By.ID, "import-file").send_keys(os.path.abspath(example_yaml))
        wait_for_new_plan(driver, before, "the example's plan again")
        check(driver.find_element(By.ID, "deal-name").get_attribute("value") == "Mixed contact center", "the example again")
        driver.find_element(By.ID, "export-json").click()
        exported = wait_for_file(downloads, "mixed-contact-center.json", "the exported deal")
        again = json.loads(run([seatmix, "optimize", exported, "-f", "json"]))
        check(again == expected, "seatmix optimize gives the exported deal the same plan as the YAML file")

        print("calculator: download the reports")
        for report, name in (("markdown", "report.md"), ("csv", "plan.csv"), ("json", "plan.json"), ("html", "report.html")):
            driver.find_element(By.CSS_SELECTOR, f"button[data-report='{report}']").click()
            path = wait_for_file(downloads, "mixed-contact-center-" + name, f"the {report} report")
            with open(path, encoding="utf-8") as file:
                text = file.read()
            check("Mixed contact center" in text or report == "csv", f"the {report} report names the deal")
        errors = console_errors(driver)
        # The refused import is a 422 answer, which Chromium logs as a failed resource load.
        errors = [e for e in errors if "status of 422" not in e.get("message", "")]
        check(not errors, f"console errors: {errors}")
    finally:
        driver.quit()


ANCHORED_DEAL = """\
# YAML the calculator's script could not read before the server read imports: a folded scalar, a
# block scalar, an anchor and its alias, a flow list over two lines.
name: >-
  Anchored
  deal
catalog: zoom-contact-center
licensing: concurrent
notes: |
  line one
  line two
groups:
  - name: Agents
    agents: 100
    peak_concurrent: 25
    features: &needs [voice,
      wfm, qm]
    tier: elite
  - name: Team leads
    agents: 10
    peak_concurrent: 5
    features: *needs
"""


def run(command):
    import subprocess

    result = subprocess.run(command, capture_output=True, text=True, timeout=WAIT)
    check(result.returncode == 0, f"{' '.join(command)} failed: {result.stderr}")
    return result.stdout


def money(amount):
    return "${:,.2f}".format(amount)


def test_batch(base, example_csv, shots):
    driver = browser()
    try:
        print("batch page: upload, progress, results")
        driver.get(base + "/batch")
        driver.find_element(By.ID, "batch-file").send_keys(os.path.abspath(example_csv))
        driver.find_element(By.ID, "batch-submit").click()
        link = wait(driver, EC.visibility_of_element_located((By.ID, "batch-results")), "the batch results")
        check("Done" in driver.find_element(By.ID, "batch-status").text, "the batch says it is done")
        for name in ("batch-results", "batch-lines"):
            url = driver.find_element(By.ID, name).get_attribute("href")
            with urllib.request.urlopen(url, timeout=WAIT) as response:
                text = response.read().decode()
            check(text.count("\n") >= 2, f"{name} has rows: {text[:200]!r}")
        check(link.get_attribute("href").endswith("/results.csv"), "the results link")
        screenshot(driver, os.path.join(shots, "batch-390.png"), 390)
        errors = console_errors(driver)
        check(not errors, f"console errors on the batch page: {errors}")
    finally:
        driver.quit()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the service's address, http://127.0.0.1:PORT")
    parser.add_argument("--shots", required=True, help="the folder the screenshots go to")
    parser.add_argument("--seatmix", required=True, help="the seatmix executable, to plan exported deals")
    parser.add_argument("--batch-csv", default="Examples/batch-example.csv")
    parser.add_argument("--deal-yaml", default="Examples/mixed-center.yaml")
    arguments = parser.parse_args()
    os.makedirs(arguments.shots, exist_ok=True)
    base = arguments.base.rstrip("/")
    tests = [
        ("calculator, save, share and edit", lambda: test_calculator_and_share(base, arguments.shots)),
        ("keyboard, hostile name, problems", lambda: test_keyboard_hostile_name_and_problems(base)),
        ("import, export and reports", lambda: test_import_export_and_reports(base, arguments.seatmix, arguments.deal_yaml)),
        ("batch", lambda: test_batch(base, arguments.batch_csv, arguments.shots)),
    ]
    passed = failed = 0
    for name, test in tests:
        try:
            test()
            passed += 1
            print(f"ok: {name}")
        except Failure as failure:
            failed += 1
            print(f"FAILED: {name}: {failure}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
