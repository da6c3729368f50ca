using FibreCafe.Kci;
using FibreCafe.Operations.Tests.Infrastructure;

namespace FibreCafe.Operations.Tests.InBrowser;

/// <summary>The operator's actions clicked in a real browser, and the refusals a browser can provoke.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ActionBrowserTests(BrowserHostFixture fixture)
{
    private OperationsHost Host => fixture.Host;

    [Fact]
    public async Task Replaying_a_parked_kci_dispatches_it_and_its_page_then_shows_it_done()
    {
        Host.FailingOrders[931001] = true;
        await Host.CancelOrderAsync(931001);
        var parked = await Host.KciOfOrderAsync(931001, KciInboxStatus.Parked);
        using var browser = Browser.Start(nameof(Replaying_a_parked_kci_dispatches_it_and_its_page_then_shows_it_done));
        browser.SignIn(Host, "operator");
        browser.Open(new Uri(Host.Page, "inbox/" + parked.KciId));
        Assert.Equal("Parked", browser.Find(".status").Text);

        Host.FailingOrders.TryRemove(931001, out _); // the handler is fixed; the operator replays
        Assert.Equal(200, browser.Click(browser.Button("Replay this KCI")));

        Assert.NotEmpty(browser.FindAll("p.notice"));
        browser.ReloadUntil(text => text.Contains("Status\nDone", StringComparison.Ordinal) || text.Contains("Status Done", StringComparison.Ordinal));
        Assert.Empty(browser.FindAll("main form.action")); // nothing left to replay
        Assert.Equal(KciInboxStatus.Done, (await Host.Inbox.GetAsync(parked.KciId))!.Status);
        Assert.NotEmpty((await Host.Inbox.GetAsync(parked.KciId))!.ProducedEvents);
        Assert.DoesNotContain("None yet", browser.Text, StringComparison.Ordinal); // its events are listed
    }

    [Fact]
    public async Task Withdrawing_a_scheduled_request_from_its_page_ends_it_withdrawn_by_the_operator()
    {
        var request = await Host.CancelOrderAsync(931002, scheduledFor: DateTimeOffset.UtcNow.AddDays(1));
        using var browser = Browser.Start(nameof(Withdrawing_a_scheduled_request_from_its_page_ends_it_withdrawn_by_the_operator));
        browser.SignIn(Host, "operator");
        browser.Open(new Uri(Host.Page, "requests/" + request.Id));

        Assert.Equal(200, browser.Click(browser.Button("Withdraw")));

        Assert.NotEmpty(browser.FindAll("p.notice"));
        Assert.Equal("Withdrawn", browser.Find("main .status").Text);
        Assert.Empty(browser.FindAll("main form.action")); // a withdrawn request allows nothing more
        Assert.Equal(CancellationRequestState.Withdrawn, (await Host.Requests.GetAsync(request.Id))!.State);
        Assert.Contains(await Host.Requests.GetHistoryAsync(request.Id), h => h.By == "operator" && h.To == CancellationRequestState.Withdrawn);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_with_400_and_changes_nothing()
    {
        var request = await Host.CancelOrderAsync(931003, scheduledFor: DateTimeOffset.UtcNow.AddDays(1));
        using var browser = Browser.Start(nameof(A_form_posted_without_its_antiforgery_token_is_refused_with_400_and_changes_nothing));
        browser.SignIn(Host, "operator");
        browser.Open(new Uri(Host.Page, "requests/" + request.Id));

        // A forged form: the real one, its token taken out (as a page elsewhere would have to post it, without one).
        browser.Driver.ExecuteScript("document.querySelectorAll('input[name=__RequestVerificationToken]').forEach(i => i.remove());");
        Assert.Equal(400, browser.Click(browser.Button("Withdraw")));

        Assert.Contains("antiforgery token is missing or wrong", browser.Text, StringComparison.Ordinal);
        Assert.Equal(CancellationRequestState.Scheduled, (await Host.Requests.GetAsync(request.Id))!.State);
    }

    [Fact]
    public async Task A_viewer_sees_no_action_and_a_post_of_their_own_making_is_refused_with_403()
    {
        var request = await Host.CancelOrderAsync(931004, scheduledFor: DateTimeOffset.UtcNow.AddDays(1));
        var parked = await Host.KciOfOrderAsync(BrowserHostFixture.ParkedOrder, KciInboxStatus.Parked);
        using var browser = Browser.Start(nameof(A_viewer_sees_no_action_and_a_post_of_their_own_making_is_refused_with_403));
        browser.SignIn(Host, "viewer");

        browser.Open(new Uri(Host.Page, "inbox/" + parked.KciId));
        Assert.Empty(browser.FindAll("main form[method=post], main form:not(.filters) button"));
        browser.Open(new Uri(Host.Page, "subscriptions/" + fixture.Listener));
        Assert.Empty(browser.FindAll("main form[method=post], main form:not(.filters) button"));
        browser.Open(new Uri(Host.Page, "requests/" + request.Id));
        Assert.Empty(browser.FindAll("main form[method=post], main form:not(.filters) button"));
        Assert.Contains("read-only", browser.Find("header .user").Text, StringComparison.Ordinal);

        // The form an operator would see, built in the viewer's page and posted with the viewer's cookies.
        browser.Driver.ExecuteScript(
            "const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
            + "const b = document.createElement('button'); b.type = 'submit'; b.textContent = 'Withdraw'; f.append(b); document.querySelector('main').append(f);",
            new Uri(Host.Page, "requests/" + request.Id + "/withdraw").AbsoluteUri);
        Assert.Equal(403, browser.Click(browser.Button("Withdraw")));

        Assert.Contains("lacks the policy", browser.Text, StringComparison.Ordinal);
        Assert.Equal(CancellationRequestState.Scheduled, (await Host.Requests.GetAsync(request.Id))!.State);
    }

    [Fact]
    public void An_anonymous_visitor_is_challenged_with_401_and_a_user_without_the_view_policy_gets_403()
    {
        using var browser = Browser.Start(nameof(An_anonymous_visitor_is_challenged_with_401_and_a_user_without_the_view_policy_gets_403));

        Assert.Equal(401, browser.Open(Host.Page));
        Assert.Equal(401, browser.Open(new Uri(Host.Page, "inbox")));
        Assert.Empty(browser.FindAll("main"));

        browser.SignIn(Host, "outsider");
        Assert.Equal(403, browser.Open(new Uri(Host.Page, "requests")));
        Assert.Contains("lacks the policy", browser.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("930800", browser.Driver.PageSource, StringComparison.Ordinal);
    }
}
