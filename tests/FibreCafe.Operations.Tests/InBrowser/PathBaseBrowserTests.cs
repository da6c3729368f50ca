using FibreCafe.Operations.Tests.Infrastructure;
using FibreCafe.Kci;

namespace FibreCafe.Operations.Tests.InBrowser;

/// <summary>The page under a path base (as behind a reverse proxy that strips a prefix): every link and redirect stays under it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PathBaseBrowserTests
{
    [Fact]
    public async Task Under_a_path_base_every_link_the_stylesheet_and_an_actions_redirect_stay_under_it()
    {
        await using var host = await OperationsHost.StartAsync(pathBase: "/retailer");
        var request = await host.CancelOrderAsync(932001, scheduledFor: DateTimeOffset.UtcNow.AddDays(1));
        using var browser = Browser.Start(nameof(Under_a_path_base_every_link_the_stylesheet_and_an_actions_redirect_stay_under_it));
        browser.SignIn(host, "operator");

        Assert.Equal(200, browser.Open(host.Page));
        Assert.Equal("rgb(246, 247, 249)", browser.Style("body", "background-color"));
        foreach (var section in new[] { "Inbox", "Cancellation requests", "Ledger", "TMF641 subscriptions", "Overview" })
        {
            Assert.Equal(200, browser.Click(browser.Link(section)));
            Assert.StartsWith("/retailer/fibrecafe/", browser.PathAndQuery, StringComparison.Ordinal);
            Assert.Equal("page", browser.Link(section).GetAttribute("aria-current"));
        }

        Assert.Equal(200, browser.Click(browser.Link("Cancellation requests")));
        Assert.Equal(200, browser.Click(browser.Find("main table tbody tr a")));
        Assert.Equal("/retailer/fibrecafe/requests/" + request.Id, browser.PathAndQuery);
        Assert.Equal(200, browser.Click(browser.Button("Withdraw")));
        Assert.StartsWith("/retailer/fibrecafe/requests/" + request.Id + "?done=", browser.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(CancellationRequestState.Withdrawn, (await host.Requests.GetAsync(request.Id))!.State);
        Assert.Empty(browser.CspViolations());
    }
}
