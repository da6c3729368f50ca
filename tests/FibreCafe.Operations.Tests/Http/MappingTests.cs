using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FibreCafe.Operations.Tests.Http;

/// <summary>The page is secure by default: mapping it fails, so that the host does not start, unless it is protected.</summary>
public sealed class MappingTests
{
    [Fact]
    public async Task Without_a_view_policy_mapping_fails_and_names_the_key()
    {
        await using var app = Build(Environments.Production, o => { });

        var failure = Assert.Throws<InvalidOperationException>(() => app.MapFibreCafeOperations());

        Assert.Contains("FibreCafe:Operations:ViewPolicy", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_anonymous_opt_in_does_not_open_the_page_outside_development()
    {
        await using var app = Build(Environments.Production, o => o.AllowAnonymousInDevelopment = true);

        var failure = Assert.Throws<InvalidOperationException>(() => app.MapFibreCafeOperations());

        Assert.Contains("AllowAnonymousInDevelopment", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_development_the_opt_in_serves_the_page_to_anyone_read_only()
    {
        await using var app = Build(Environments.Development, o => o.AllowAnonymousInDevelopment = true);
        app.MapFibreCafeOperations();
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var page = await client.GetAsync("/fibrecafe/requests");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("read-only", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task On_an_empty_store_every_page_renders_and_each_list_says_what_would_appear_there()
    {
        await using var app = Build(Environments.Development, o => o.AllowAnonymousInDevelopment = true);
        app.MapFibreCafeOperations();
        await app.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Urls.First()) };

        using var bare = await client.GetAsync("/fibrecafe");
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("fibrecafe/", bare.Headers.Location!.OriginalString); // relative: right under any path base

        foreach (var (path, empty) in new[] { ("/fibrecafe/", "No TMF641 listener"), ("/fibrecafe/inbox", "No KCI matches"), ("/fibrecafe/requests", "No cancellation request matches"), ("/fibrecafe/ledger", "Give a service order id"), ("/fibrecafe/ledger?kind=problem&id=77", "holds no cancellation of service problem 77"), ("/fibrecafe/subscriptions", "No listener has subscribed") })
        {
            using var page = await client.GetAsync(path);
            var html = await page.Content.ReadAsStringAsync();
            Assert.True(page.StatusCode == HttpStatusCode.OK, path + ": " + page.StatusCode);
            Assert.Contains(empty, html, StringComparison.Ordinal);
            Assert.Contains("href=\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("href=\"/", html, StringComparison.Ordinal); // every link relative
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        }

        using var missing = await client.GetAsync("/fibrecafe/inbox/" + Guid.NewGuid());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var css = await client.GetAsync("/fibrecafe/assets/operations.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/fibrecafe/assets/operations.css");
        again.Headers.IfNoneMatch.Add(css.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        await app.StopAsync();
    }

    [Theory]
    [InlineData("ViewPolicy")]
    [InlineData("OperatePolicy")]
    [InlineData("StatsPolicy")]
    public async Task A_policy_that_is_not_registered_fails_the_mapping_and_is_named(string key)
    {
        await using var app = Build(Environments.Production, o =>
        {
            o.ViewPolicy = "registered";
            typeof(FibreCafeOperationsOptions).GetProperty(key)!.SetValue(o, "nobody-added-this");
        });

        var failure = Assert.Throws<InvalidOperationException>(() => app.MapFibreCafeOperations());

        Assert.Contains("FibreCafe:Operations:" + key, failure.Message, StringComparison.Ordinal);
        Assert.Contains("'nobody-added-this'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mapping_without_registering_the_page_or_the_receiver_says_what_to_call()
    {
        await using var bare = WebApplication.CreateSlimBuilder().Build();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddAuthorization(o => o.AddPolicy("registered", p => p.RequireAuthenticatedUser()));
        builder.Services.AddFibreCafeOperations(o => o.ViewPolicy = "registered");
        await using var withoutReceiver = builder.Build();

        Assert.Contains("AddFibreCafeOperations", Assert.Throws<InvalidOperationException>(() => bare.MapFibreCafeOperations()).Message, StringComparison.Ordinal);
        Assert.Contains("AddFibreCafeKciReceiver", Assert.Throws<InvalidOperationException>(() => withoutReceiver.MapFibreCafeOperations()).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fibrecafe")]
    [InlineData("/")]
    [InlineData("/fibrecafe/")]
    [InlineData("/ops/{tenant}")]
    public async Task A_prefix_that_is_not_a_literal_path_is_refused(string prefix)
    {
        await using var app = Build(Environments.Production, o => o.ViewPolicy = "registered");

        Assert.Throws<ArgumentException>(() => app.MapFibreCafeOperations(prefix));
    }

    [Theory]
    [InlineData(4, "FibreCafe:Operations:PageSize")]
    [InlineData(201, "FibreCafe:Operations:PageSize")]
    public async Task Options_out_of_range_fail_with_the_key(int pageSize, string key)
    {
        await using var app = Build(Environments.Production, o =>
        {
            o.ViewPolicy = "registered";
            o.PageSize = pageSize;
        });

        var failure = Assert.Throws<OptionsValidationException>(() => app.MapFibreCafeOperations());

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    private static WebApplication Build(string environment, Action<FibreCafeOperationsOptions> configure)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddFibreCafeKciReceiver(o =>
        {
            o.Authentication.Basic.Username = "gateway";
            o.Authentication.Basic.Password = "a-long-enough-password-for-tests";
            o.Dispatch.Enabled = false;
        }).UseInMemoryStore();
        builder.Services.AddAuthorization(o => o.AddPolicy("registered", p => p.RequireAuthenticatedUser()));
        builder.Services.AddFibreCafeOperations(configure);
        return builder.Build();
    }
}
