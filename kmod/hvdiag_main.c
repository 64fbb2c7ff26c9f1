// SPDX-License-Identifier: GPL-2.0
/*
 * hvdiag.ko: module parameters, the debugfs front (hvdiag/), the target
 * device and a PCI driver that binds nothing by itself: an exercise binds
 * its device to it through driver_override or, on kernels without it, an
 * id table for that device alone (hvdiag_claim.c); the user through new_id
 * or bind.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "compat/compat.h"
#include "hvdiag.h"

static char *target;
module_param(target, charp, 0444);
MODULE_PARM_DESC(target, "PCI device to exercise, DDDD:BB:DD.F");
bool hvd_allow_bound;
module_param_named(allow_bound, hvd_allow_bound, bool, 0644);
MODULE_PARM_DESC(allow_bound, "exercise devices bound to another driver (dangerous)");
bool hvd_fail_bind;
module_param_named(fail_bind, hvd_fail_bind, bool, 0644);
MODULE_PARM_DESC(fail_bind, "testing: refuse to bind, so that an exercise's claim fails");
static bool run_selftests;
module_param(run_selftests, bool, 0444);
MODULE_PARM_DESC(run_selftests, "run the built-in test suites at load, KTAP to the log");

DEFINE_MUTEX(hvd_lock);
struct hvd_bdf hvd_target;
bool hvd_target_set;

static struct dentry *hvd_dir;
static struct hvd_out msix_last, mlx4_last;

void hvd_out_reset(struct hvd_out *o)
{
	o->len = 0;
	if (o->buf)
		o->buf[0] = '\0';
}

void hvd_out_free(struct hvd_out *o)
{
	kfree(o->buf);
	o->buf = NULL;
	o->len = 0;
	o->cap = 0;
}

void hvd_out_printf(struct hvd_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!o->buf) {
		o->buf = kmalloc(HVD_OUT_MAX, GFP_KERNEL);
		if (!o->buf)
			return;
		o->cap = HVD_OUT_MAX;
		o->len = 0;
	}
	if (o->len + 1 >= o->cap)
		return;		/* full: the rest is dropped */
	va_start(ap, fmt);
	n = vscnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	o->len += n;
}

static void out_copy(struct hvd_out *dst, const struct hvd_out *src)
{
	if (src->buf && src->len)
		hvd_out_printf(dst, "%s", src->buf);
}

struct pci_dev *hvd_get_target(struct hvd_out *o)
{
	struct pci_dev *pdev;
	char bdf[HVD_BDF_STRLEN + 1];

	if (!hvd_target_set) {
		hvd_out_printf(o, "error: no target (write DDDD:BB:DD.F to hvdiag/target)\n");
		return NULL;
	}
	pdev = pci_get_domain_bus_and_slot(hvd_target.domain, hvd_target.bus,
					   PCI_DEVFN(hvd_target.dev, hvd_target.fn));
	if (!pdev) {
		hvd_bdf_format(&hvd_target, bdf);
		hvd_out_printf(o, "error: %s: no such PCI device\n", bdf);
	}
	return pdev;
}

/* ---- debugfs files ---- */

/*
 * A write takes all of its bytes or fails. A positive status would read as
 * a short write (a shell then writes the rest again): it is a handler's
 * bug, reported as EIO rather than passed on.
 */
ssize_t hvd_write_status(int err, size_t count)
{
	if (err < 0)
		return err;
	return err ? -EIO : (ssize_t)count;
}

struct hvd_file {
	const char *name;
	umode_t mode;
	/* fill a snapshot for readers */
	void (*show)(struct hvd_out *o);
	/* act on a write; 0 or -errno */
	int (*write)(char *cmd);
};

static void show_target(struct hvd_out *o)
{
	char bdf[HVD_BDF_STRLEN + 1];

	if (!hvd_target_set) {
		hvd_out_printf(o, "none\n");
		return;
	}
	hvd_bdf_format(&hvd_target, bdf);
	hvd_out_printf(o, "%s\n", bdf);
}

static int set_target(const char *s)
{
	struct hvd_bdf b;

	if (!*s || !strcmp(s, "none")) {
		hvd_target_set = false;
		return 0;
	}
	if (hvd_bdf_parse_exact(s, strlen(s), &b)) {
		pr_warn("target: '%.32s' is not a PCI address DDDD:BB:DD.F\n", s);
		return -EINVAL;
	}
	hvd_target = b;
	hvd_target_set = true;
	return 0;
}

static int write_target(char *cmd)
{
	return set_target(cmd);
}

static void show_pci(struct hvd_out *o)
{
	struct pci_dev *pdev = hvd_get_target(o);

	if (!pdev)
		return;
	hvd_pci_report(pdev, o);
	pci_dev_put(pdev);
}

static void show_msix(struct hvd_out *o)
{
	out_copy(o, &msix_last);
	if (!msix_last.len)
		hvd_out_printf(o, "no run yet (write a vector count [hold_ms])\n");
}

/* "N [hold_ms]" */
static int write_msix(char *cmd)
{
	unsigned int n, hold = 0;
	char *sp = strchr(cmd, ' ');
	int err;
	struct pci_dev *pdev;
	struct hvd_claim c;

	if (sp) {
		*sp++ = '\0';
		if (kstrtouint(sp, 0, &hold) || hold > 60000) {
			pr_warn("msix: hold '%.32s' is not 0-60000 ms\n", sp);
			return -EINVAL;
		}
	}
	if (kstrtouint(cmd, 0, &n) || n < 1 || n > 2048) {
		pr_warn("msix: '%.32s' is not a vector count 1-2048\n", cmd);
		return -EINVAL;
	}
	hvd_out_reset(&msix_last);
	pdev = hvd_get_target(&msix_last);
	if (!pdev)
		return -ENODEV;
	err = hvd_claim(pdev, &c, &msix_last);
	if (!err) {
		err = hvd_msix_exercise(pdev, n, hold, &msix_last);
		hvd_unclaim(&c);
	}
	pci_dev_put(pdev);
	return err;
}

static void show_mlx4(struct hvd_out *o)
{
	out_copy(o, &mlx4_last);
	if (!mlx4_last.len)
		hvd_out_printf(o, "no run yet (write 'run [timeout_ms]')\n");
}

static int write_mlx4(char *cmd)
{
	unsigned int ms = 2000;
	int err;
	struct pci_dev *pdev;
	struct hvd_claim c;

	if (strncmp(cmd, "run", 3) || (cmd[3] && cmd[3] != ' ')) {
		pr_warn("mlx4_comm: expected 'run [timeout_ms]', not '%.32s'\n", cmd);
		return -EINVAL;
	}
	if (cmd[3] && (kstrtouint(cmd + 4, 0, &ms) || ms < 1 || ms > 60000)) {
		pr_warn("mlx4_comm: timeout '%.32s' is not 1-60000 ms\n", cmd + 4);
		return -EINVAL;
	}
	hvd_out_reset(&mlx4_last);
	pdev = hvd_get_target(&mlx4_last);
	if (!pdev)
		return -ENODEV;
	err = hvd_claim(pdev, &c, &mlx4_last);
	if (!err) {
		err = hvd_mlx4_exercise(pdev, ms, &mlx4_last);
		hvd_unclaim(&c);
	}
	pci_dev_put(pdev);
	return err;
}

static struct hvd_out vmbus_open_last;

static void show_vmbus_open(struct hvd_out *o)
{
	out_copy(o, &vmbus_open_last);
	if (!vmbus_open_last.len)
		hvd_out_printf(o, "no run yet (write the GUID of an unbound util device)\n");
}

/* "GUID [timeout_ms]": the vmbus device's name is its instance GUID */
static int write_vmbus_open(char *cmd)
{
	unsigned int ms = 10000;
	char *sp = strchr(cmd, ' ');
	size_t i;

	if (sp) {
		*sp++ = '\0';
		if (kstrtouint(sp, 0, &ms) || ms < 1 || ms > 60000) {
			pr_warn("vmbus_open: timeout '%.32s' is not 1-60000 ms\n", sp);
			return -EINVAL;
		}
	}
	for (i = 0; cmd[i]; i++)
		if (!(isxdigit(cmd[i]) || (cmd[i] == '-' && (i == 8 || i == 13 ||
							     i == 18 || i == 23))))
			break;
	if (i != 36 || cmd[i]) {
		pr_warn("vmbus_open: '%.40s' is not a device GUID\n", cmd);
		return -EINVAL;
	}
	hvd_out_reset(&vmbus_open_last);
	return hvd_vmbus_open_exercise(cmd, ms, &vmbus_open_last);
}

static void show_selftest(struct hvd_out *o)
{
	hvd_selftest(o);
}

static const struct hvd_file files[] = {
	{ "target", 0600, show_target, write_target },
	{ "pci", 0400, show_pci, NULL },
	{ "msix", 0600, show_msix, write_msix },
	{ "mlx4_comm", 0600, show_mlx4, write_mlx4 },
	{ "vmbus", 0400, hvd_vmbus_report, NULL },
	{ "vmbus_open", 0600, show_vmbus_open, write_vmbus_open },
	{ "selftest", 0400, show_selftest, NULL },
};

static int hvd_open(struct inode *inode, struct file *file)
{
	const struct hvd_file *f = inode->i_private;
	struct hvd_out *o;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	o = kzalloc(sizeof(*o), GFP_KERNEL);
	if (!o)
		return -ENOMEM;
	file->private_data = o;
	if (!(file->f_mode & FMODE_READ))
		return 0;
	if (mutex_lock_interruptible(&hvd_lock)) {
		kfree(o);
		return -ERESTARTSYS;
	}
	f->show(o);
	mutex_unlock(&hvd_lock);
	return 0;
}

static ssize_t hvd_read(struct file *file, char __user *ubuf, size_t count,
			loff_t *ppos)
{
	struct hvd_out *o = file->private_data;

	if (!o->buf)
		return 0;
	return simple_read_from_buffer(ubuf, count, ppos, o->buf, o->len);
}

static ssize_t hvd_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	const struct hvd_file *f = file_inode(file)->i_private;
	char buf[64];
	size_t n = count;
	int err;

	if (!f->write)
		return -EPERM;
	if (count >= sizeof(buf)) {
		pr_warn("%s: input of %zu bytes is too long\n", f->name, count);
		return -EINVAL;
	}
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	if (mutex_lock_interruptible(&hvd_lock))
		return -ERESTARTSYS;
	err = f->write(buf);
	mutex_unlock(&hvd_lock);
	return hvd_write_status(err, count);
}

static int hvd_release(struct inode *inode, struct file *file)
{
	struct hvd_out *o = file->private_data;

	hvd_out_free(o);
	kfree(o);
	return 0;
}

static const struct file_operations hvd_fops = {
	.owner = THIS_MODULE,
	.open = hvd_open,
	.read = hvd_read,
	.write = hvd_write,
	.release = hvd_release,
	.llseek = default_llseek,
};

/*
 * ---- a PCI driver that binds nothing by itself ----
 * No id table (but during a claim, hvdiag_claim.c): an empty one (only
 * its terminator) makes the kernel refuse every new_id, whose driver_data
 * must match a table entry's when there is a table.
 */

static int hvd_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	if (hvd_fail_bind) {
		dev_info(&pdev->dev, "not bound to hvdiag (fail_bind=1)\n");
		return -ENODEV;
	}
	if (!hvd_claim_probe_ok(pdev, id))
		return -ENODEV;
	dev_info(&pdev->dev, "bound to hvdiag for exercises\n");
	return 0;
}

/* unbind, hot-unplug or unload: an exercise running on it lets go first */
static void hvd_remove(struct pci_dev *pdev)
{
	hvd_claim_remove(pdev);
}

struct pci_driver hvd_pci_driver = {
	.name = "hvdiag",
	.probe = hvd_probe,
	.remove = hvd_remove,
};

static int __init hvd_init(void)
{
	size_t i;
	int err;

	if (target) {
		err = set_target(target);
		if (err)
			return err;
	}
	err = pci_register_driver(&hvd_pci_driver);
	if (err)
		return err;
	hvd_dir = debugfs_create_dir("hvdiag", NULL);
	if (IS_ERR_OR_NULL(hvd_dir)) {
		pr_err("cannot create debugfs directory (is debugfs mounted?)\n");
		pci_unregister_driver(&hvd_pci_driver);
		return -ENODEV;
	}
	for (i = 0; i < ARRAY_SIZE(files); i++)
		debugfs_create_file(files[i].name, files[i].mode, hvd_dir,
				    (void *)&files[i], &hvd_fops);
	if (run_selftests) {
		struct hvd_out o = { NULL, 0, 0 };
		char *line, *p;

		hvd_selftest(&o);
		for (p = o.buf; p && (line = strsep(&p, "\n")) != NULL;)
			if (*line)
				pr_info("%s\n", line);
		hvd_out_free(&o);
	}
	pr_info("loaded; debugfs hvdiag/ ready\n");
	return 0;
}

static void __exit hvd_exit(void)
{
	debugfs_remove_recursive(hvd_dir);
	pci_unregister_driver(&hvd_pci_driver);
	hvd_out_free(&msix_last);
	hvd_out_free(&mlx4_last);
	hvd_out_free(&vmbus_open_last);
	pr_info("unloaded\n");
}

module_init(hvd_init);
module_exit(hvd_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Hyper-V SR-IOV VF diagnostics: PCI, MSI-X and mlx4 comm-channel exercises");
MODULE_VERSION("0.1.0");
