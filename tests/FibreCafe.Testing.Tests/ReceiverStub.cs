using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace FibreCafe.Testing.Tests;

/// <summary>A stand-in for the tenant's POST /kcis that answers the given statuses in turn (the last repeats).</summary>
internal sealed class ReceiverStub : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });

    public ReceiverStub(params int[] statuses)
    {
        statuses = statuses.Length == 0 ? [204] : statuses;
        for (var i = 0; i < statuses.Length; i++)
        {
            var given = _server.Given(Request.Create().WithPath("/kcis").UsingPost()).InScenario("kcis");
            given = i == 0 ? given : given.WhenStateIs(i);
            if (i < statuses.Length - 1)
            {
                given = given.WillSetStateTo(i + 1);
            }

            given.RespondWith(Response.Create().WithStatusCode(statuses[i]));
        }
    }

    public Uri Url => new(_server.Url + "/kcis");

    public IReadOnlyList<ILogEntry> Received => _server.LogEntries.ToList();

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }
}
