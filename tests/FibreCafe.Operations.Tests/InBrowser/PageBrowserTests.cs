using FibreCafe.Kci;
using FibreCafe.Operations.Tests.Infrastructure;

namespace FibreCafe.Operations.Tests.InBrowser;

/// <summary>Every page in a real browser, with the host's real data: what it shows, its filters and its paging.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageBrowserTests(BrowserHostFixture fixture)
{
    private OperationsHost Host => fixture.Host;

    [Fact]
    public void Every_page_shows_its_data_styled_by_the_stylesheet_and_without_a_content_security_policy_violation()
    {
        using var browser = Browser.Start(nameof(Every_page_shows_its_data_styled_by_the_stylesheet_and_without_a_content_security_policy_violation));
        browser.SignIn(Host, "operator");

        Assert.Equal(200, browser.Open(Host.Page));
        Assert.Contains("KCI inbox", browser.Find("main .cards").Text, StringComparison.Ordinal);
        Assert.NotEmpty(browser.FindAll("svg.chart rect.bar")); // this hour's KCIs drawn as a bar
        Assert.Contains("listener.example", browser.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55word", browser.Driver.PageSource, StringComparison.Ordinal);
        Assert.Equal("rgb(246, 247, 249)", browser.Style("body", "background-color")); // operations.css applied
        Assert.Equal("flex", browser.Style("header", "display"));
        browser.SaveScreenshot("operations-overview.png");

        Assert.Equal(200, browser.Click(browser.Link("Inbox")));
        Assert.Contains(":93000", browser.Text, StringComparison.Ordinal);
        Assert.Equal(200, browser.Click(browser.Find("main table tbody tr a")));
        Assert.Contains("Events it produced", browser.Text, StringComparison.Ordinal);
        Assert.Contains("\n  \"", browser.Find("pre.body").Text, StringComparison.Ordinal); // the body, indented

        Assert.Equal(200, browser.Click(browser.Link("Cancellation requests")));
        Assert.Contains("930800", browser.Text, StringComparison.Ordinal);
        Assert.Equal(200, browser.Click(browser.Find("main table tbody tr a")));
        Assert.NotEmpty(browser.FindAll("ol.timeline li"));

        Assert.Equal(200, browser.Click(browser.Link("Ledger")));
        browser.Find("input[name=id]").SendKeys("930001");
        Assert.Equal(200, browser.Click(browser.Button("Search")));
        Assert.Contains("Service order 930001", browser.Text, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(200, browser.Click(browser.Link("TMF641 subscriptions")));
        Assert.Equal(200, browser.Click(browser.Find("main table tbody tr a")));
        Assert.Contains("the listener answered 500", browser.Text, StringComparison.Ordinal);

        Assert.Empty(browser.CspViolations());
    }

    [Fact]
    public void The_inbox_filter_narrows_the_list_and_paging_walks_it_keeping_the_filter()
    {
        using var browser = Browser.Start(nameof(The_inbox_filter_narrows_the_list_and_paging_walks_it_keeping_the_filter));
        browser.SignIn(Host, "viewer");
        browser.Open(new Uri(Host.Page, "inbox"));

        browser.Find("select[name=status] option[value=Done]").Click();
        Assert.Equal(200, browser.Click(browser.Button("Filter")));
        Assert.Contains("status=Done", browser.PathAndQuery, StringComparison.Ordinal);
        var first = Rows(browser);
        Assert.Equal(5, first.Count); // the host's page size, with more than a page of done KCIs
        Assert.All(first, row => Assert.Contains("Done", row, StringComparison.Ordinal));

        Assert.Equal(200, browser.Click(browser.Find("nav.pager a[rel=next]")));
        Assert.Contains("page=2", browser.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("status=Done", browser.PathAndQuery, StringComparison.Ordinal);
        var second = Rows(browser);
        Assert.NotEmpty(second);
        Assert.Empty(first.Intersect(second));
        Assert.StartsWith("Showing 6–", browser.Find("nav.pager span").Text, StringComparison.Ordinal);

        Assert.Equal(200, browser.Click(browser.Find("nav.pager a[rel=prev]")));
        Assert.Equal(first, Rows(browser));

        browser.Find("input[name=entity]").SendKeys(BrowserHostFixture.ParkedOrder.ToString(System.Globalization.CultureInfo.InvariantCulture));
        browser.Find("select[name=status] option[value=Parked]").Click();
        Assert.Equal(200, browser.Click(browser.Button("Filter")));
        var parked = Rows(browser);
        Assert.NotEmpty(parked);
        Assert.All(parked, row => Assert.Contains("Parked", row, StringComparison.Ordinal));
        Assert.All(parked, row => Assert.Contains(":" + BrowserHostFixture.ParkedOrder, row, StringComparison.Ordinal));

        browser.Open(new Uri(Host.Page, "inbox?status=Pending&entity=999999"));
        Assert.Contains("No KCI matches", browser.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_request_list_filters_by_state_and_kind_and_says_what_would_appear_when_nothing_matches()
    {
        using var browser = Browser.Start(nameof(The_request_list_filters_by_state_and_kind_and_says_what_would_appear_when_nothing_matches));
        browser.SignIn(Host, "viewer");
        browser.Open(new Uri(Host.Page, "requests"));

        browser.Find("select[name=state] option[value=Scheduled]").Click();
        Assert.Equal(200, browser.Click(browser.Button("Filter")));
        Assert.All(Rows(browser), row => Assert.Contains("Scheduled", row, StringComparison.Ordinal));
        Assert.Contains(Rows(browser), row => row.Contains("930800", StringComparison.Ordinal));

        browser.Find("select[name=kind] option[value=problem]").Click();
        Assert.Equal(200, browser.Click(browser.Button("Filter")));
        Assert.Empty(Rows(browser));
        Assert.Contains("No cancellation request matches", browser.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_browser_enforces_the_pages_policy_an_injected_inline_script_does_not_run_and_the_refusal_is_reported()
    {
        using var browser = Browser.Start(nameof(The_browser_enforces_the_pages_policy_an_injected_inline_script_does_not_run_and_the_refusal_is_reported));
        browser.SignIn(Host, "viewer");
        browser.Open(Host.Page);
        Assert.Empty(browser.CspViolations());

        // What an injection would add to the page (WebDriver's own script is not subject to the page's policy).
        browser.Driver.ExecuteScript("const s = document.createElement('script'); s.textContent = 'document.body.dataset.injected = \"ran\"'; document.body.append(s);");

        Assert.Null(browser.Find("body").GetAttribute("data-injected"));
        Assert.Contains(browser.CspViolations(), m => m.Contains("script-src", StringComparison.Ordinal) || m.Contains("default-src", StringComparison.Ordinal));
    }

    private static List<string> Rows(Browser browser) => browser.FindAll("main table tbody tr").Select(r => r.Text).ToList();
}
