"""The same inventory read as `arsring-agent vsphere poll`, with VMware's own Python SDK
(pyVmomi): one container view per kind, RetrievePropertiesEx with the same property paths
and page size, ContinueRetrievePropertiesEx until done. Prints objects and SOAP calls.

    python vsphere_pyvmomi.py URL USER CA_FILE PAGE   (password in ARSRING_VSPHERE_PASSWORD)
"""
import os
import ssl
import sys
from urllib.parse import urlparse

from pyVim.connect import Disconnect, SmartConnect
from pyVmomi import vim, vmodl

TREE = ["name", "parent"]
HOST = ["name", "parent", "summary.hardware", "hardware.biosInfo", "hardware.systemInfo", "config.product",
        "config.network.vnic", "runtime.connectionState", "runtime.powerState", "customValue"]
VM = ["name", "parent", "resourcePool", "config.template", "config.uuid", "config.instanceUuid", "config.guestId",
      "config.guestFullName", "config.annotation", "config.hardware.numCPU", "config.hardware.memoryMB",
      "config.hardware.device", "guest.guestId", "guest.guestFullName", "guest.hostName", "guest.net",
      "guest.toolsRunningStatus", "runtime.powerState", "runtime.host", "summary.storage.committed",
      "summary.storage.uncommitted", "customValue"]

url, user, ca, page = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
u = urlparse(url)
context = ssl.create_default_context(cafile=ca)
si = SmartConnect(host=u.hostname, port=u.port or 443, user=user, pwd=os.environ["ARSRING_VSPHERE_PASSWORD"],
                  sslContext=context)
content = si.RetrieveContent()
pc = content.propertyCollector
calls = 4  # RetrieveServiceContent, Login and the session checks SmartConnect makes


def read(kinds, props):
    global calls
    view = content.viewManager.CreateContainerView(content.rootFolder, kinds, True)
    traverse = vmodl.query.PropertyCollector.TraversalSpec(name="view", type=vim.view.ContainerView, path="view",
                                                           skip=False)
    spec = vmodl.query.PropertyCollector.FilterSpec(
        objectSet=[vmodl.query.PropertyCollector.ObjectSpec(obj=view, skip=True, selectSet=[traverse])],
        propSet=[vmodl.query.PropertyCollector.PropertySpec(type=k, pathSet=props) for k in kinds])
    result = pc.RetrievePropertiesEx([spec], vmodl.query.PropertyCollector.RetrieveOptions(maxObjects=page))
    calls += 2
    count = 0
    while result:
        count += len(result.objects)
        if not result.token:
            break
        result = pc.ContinueRetrievePropertiesEx(result.token)
        calls += 1
    view.Destroy()
    calls += 1
    return count


tree = read([vim.Folder, vim.Datacenter, vim.ClusterComputeResource, vim.ComputeResource, vim.ResourcePool], TREE)
hosts = read([vim.HostSystem], HOST)
vms = read([vim.VirtualMachine], VM)
Disconnect(si)
print(f"{hosts} hosts, {vms} VMs (with templates), {tree} tree objects, about {calls} SOAP calls", file=sys.stderr)
