// Cancels a service order: dotnet run --project samples/FibreCafe.Samples.CancelOrder -- --order-id 123 --reason CUSTOMER_CHANGED_MIND
// With no FibreCafe:BaseAddress configured it runs the whole round trip on the embedded sandbox.
return await FibreCafe.Samples.SampleRunner.RunAsync(args, FibreCafe.Samples.CancellationJob.Order);
